"""Every staff URL, walked from ``app.url_map``: nobody outside the contest's bodies gets in.

The routes are not listed by hand: a rule added tomorrow is walked too, and a staff blueprint that
forgot ``guard_staff`` (or a view that answers before it) makes these tests fail. The demo contest
belongs to the demo's city body ``ha-noi``, placed under a national body for these tests:

- staff of an unrelated body get 404 on every method of every URL naming the contest or one of its
  objects (the contest's existence is not revealed), and no table changes;
- the city body's organizer gets 403 on every write and on every page but the read-only ones
  (status, standings, results), which answer 200;
- an anonymous visitor is sent to the login page from every staff URL; a judge gets 403.
"""

import hashlib
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from werkzeug.routing import Rule

from contest.auth import guards
from contest.extensions import db
from contest.models import (
    Cluster,
    Contest,
    Entry,
    Judge,
    Part,
    PrizeTier,
    Registration,
    Round,
    Team,
)
from contest.models.draws import Draw
from contest.models.judging import Penalty, ScoreSheet
from contest.models.show_state import TieDecision
from contest.services import accounts, bodies
from contest.services import draw as draws
from tests.conftest import csrf_token_from

# The audiences that are not staff: their pages show every visitor the same public things, which
# ``test_public_pages_show_a_stranger_what_they_show_anyone`` checks. Everything else is staff.
PUBLIC_BLUEPRINTS = frozenset({"public", "screens", "api", "judge", "operations"})
# Staff pages outside any contest or body: the account page and its forms, login and logout.
ACCOUNT_BLUEPRINT = "auth"

# An id in the URL names an object of the demo contest, so a refusal comes from the guard and
# not from a missing row.
ID_MODELS = {
    "round_id": Round, "cluster_id": Cluster, "part_id": Part, "tier_id": PrizeTier, "team_id": Team,
    "entry_id": Entry, "judge_id": Judge, "draw_id": Draw, "registration_id": Registration,
    "sheet_id": ScoreSheet, "penalty_id": Penalty, "decision_id": TieDecision,
}
OTHER_VALUES = {"round_slug": "so-khao", "ext": "csv", "kind": "team", "action": "start", "token": "x" * 20,
                "filename": "css/app.css", "body_slug": "ha-noi"}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def database_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The walk checks routing and guards, the same on either database: SQLite only."""
    return f"sqlite:///{tmp_path / 'contest.db'}"


@pytest.fixture
def world(app: Flask, demo_contest) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The demo's body under a city; a stranger organizing an unrelated body; a city organizer."""
    with app.app_context():
        home = bodies.get_body("ha-noi")  # the demo's city body
        city = bodies.create_body("ca-nuoc", "Ban Dân vận Trung ương", level="Trung ương")
        home.parent_id = city.id
        stranger_body = bodies.create_body("hai-phong", "Ban Dân vận Thành ủy Hải Phòng", parent=city)
        accounts.create_user("nguoila", "mat-khau-nguoi-la", body=stranger_body,
                             role=["organizer", "head_judge", "secretary"])
        accounts.create_user("thanhpho", "mat-khau-thanh-pho", body=city)
        own = Contest(slug="hai-phong-2024", name="Hội thi Dân vận khéo thành phố Hải Phòng", year=2024,
                      body_id=stranger_body.id)
        own.rounds.append(Round(slug="so-khao", name="Vòng sơ khảo", kind="preliminary", position=0))
        db.session.add(own)
        _one_of_each(demo_contest.contest_id)
        db.session.commit()
        ids = {name: db.session.scalar(_first_of(model, demo_contest.contest_id))
               for name, model in ID_MODELS.items()}
        assert None not in ids.values(), ids
    return {"slug": demo_contest.slug, "ids": ids, "judge_token": next(iter(demo_contest.judge_tokens.values()))}


def _one_of_each(contest_id: int) -> None:
    """The rows the demo has none of (a draw, a registration, a sheet, a penalty, a tie decision),
    so every id in a URL names a real object of the contest."""
    judge = db.session.scalar(select(Judge).where(Judge.contest_id == contest_id).order_by(Judge.id))
    entry = db.session.scalar(select(Entry).where(Entry.round_id == judge.round_id).order_by(Entry.id))
    part = db.session.scalar(select(Part).where(Part.round_id == judge.round_id).order_by(Part.id))
    draws.preview_running_order("test", db.session.get(Round, judge.round_id), "hoi-thi-2024")
    db.session.add_all([
        Registration(contest_id=contest_id, unit_name="Quận Ba Đình", unit_key="quan ba dinh", token_hash="0" * 64),
        ScoreSheet(contest_id=contest_id, judge_id=judge.id, entry_id=entry.id, part_id=part.id, version=1,
                   idem_key="k" * 20, body_hash="0" * 64, values={"total": 100}, total=100),
        Penalty(entry_id=entry.id, amount=25, reason="Quá giờ", created_by="test"),
        TieDecision(round_id=judge.round_id, team_ids=[entry.team_id], recorded_by="test"),
    ])


def _first_of(model: type, contest_id: int):  # type: ignore[no-untyped-def]
    query = select(model.id).order_by(model.id).limit(1)
    if hasattr(model, "contest_id"):
        return query.where(model.contest_id == contest_id)
    if hasattr(model, "round_id"):
        return query.join(Round, Round.id == model.round_id).where(Round.contest_id == contest_id)
    return query.join(Entry, Entry.id == model.entry_id).join(Round, Round.id == Entry.round_id).where(
        Round.contest_id == contest_id)


def _log_in(client: FlaskClient, username: str, password: str) -> FlaskClient:
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def _csrf(client: FlaskClient) -> str:
    return csrf_token_from(client.get("/login").get_data(as_text=True))


def _url(rule: Rule, slug: str, ids: dict[str, int]) -> str:
    values = {}
    for name in rule.arguments:
        values[name] = slug if name == "slug" else ids.get(name, OTHER_VALUES.get(name, 1))
    built = rule.build(values, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


def _contest_rules(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every (rule, method) of a URL naming a contest (its slug) or an object of one (an id in it)."""
    for rule in app.url_map.iter_rules():
        if "slug" not in rule.arguments and not (rule.arguments & ID_MODELS.keys()):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


def _staff_rules(app: Flask) -> Iterator[tuple[Rule, str]]:
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if blueprint in PUBLIC_BLUEPRINTS or rule.endpoint == "static":
            continue
        if blueprint == ACCOUNT_BLUEPRINT and rule.endpoint not in ("auth.account", "auth.change_password",
                                                                     "auth.end_others"):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


def _request(client: FlaskClient, method: str, url: str, token: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={"csrf_token": token}, headers={"X-CSRFToken": token})


def _digest(app: Flask) -> dict[str, str]:
    """A digest of every table's rows: equal before and after means nothing was written."""
    with app.app_context():
        out = {}
        with db.engine.connect() as conn:
            for table in db.metadata.sorted_tables:
                rows = conn.execute(text(f'SELECT * FROM "{table.name}" ORDER BY 1')).all()
                out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out


def _is_public(rule: Rule) -> bool:
    return rule.endpoint.rpartition(".")[0] in PUBLIC_BLUEPRINTS or rule.endpoint == "static"


def test_every_staff_blueprint_is_guarded_as_a_whole(app: Flask) -> None:
    blueprints = {rule.endpoint.rpartition(".")[0] for rule in app.url_map.iter_rules()}
    staff = blueprints - PUBLIC_BLUEPRINTS - {ACCOUNT_BLUEPRINT, ""}
    assert {"organizer", "desk", "results", "show", "judge_access", "admin"} <= staff
    for name in staff:
        assert set(app.before_request_funcs.get(name, [])) & guards.STAFF_GUARDS, f"{name} has no guard_staff"


def test_staff_of_an_unrelated_body_get_404_everywhere_and_change_nothing(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = _log_in(app.test_client(), "nguoila", "mat-khau-nguoi-la")
    token = _csrf(client)
    before = _digest(app)
    walked = 0
    for rule, method in _contest_rules(app):
        if _is_public(rule):
            continue
        response = _request(client, method, _url(rule, world["slug"], world["ids"]), token)
        assert response.status_code == 404, (method, rule.rule, response.status_code)
        walked += 1
    assert walked > 90
    assert _digest(app) == before
    # And their own home lists nothing of the contest.
    assert world["slug"] not in client.get("/organizer/").get_data(as_text=True)


def test_objects_of_another_contest_are_not_found_through_ones_own(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    """The stranger changes its own contest; the demo's objects, named by id under that contest's
    address, are not found (every lookup by id is scoped to the contest in the URL)."""
    client = _log_in(app.test_client(), "nguoila", "mat-khau-nguoi-la")
    token = _csrf(client)
    before = _digest(app)
    walked = 0
    for rule, method in _contest_rules(app):
        if _is_public(rule) or not (rule.arguments & ID_MODELS.keys()):
            continue
        response = _request(client, method, _url(rule, "hai-phong-2024", world["ids"]), token)
        assert response.status_code == 404, (method, rule.rule, response.status_code)
        walked += 1
    assert walked > 30
    assert _digest(app) == before


def test_public_pages_show_a_stranger_what_they_show_anyone(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    stranger = _log_in(app.test_client(), "nguoila", "mat-khau-nguoi-la")
    anyone = app.test_client()
    tokens = {id(stranger): _csrf(stranger), id(anyone): _csrf(anyone)}
    for rule, method in _contest_rules(app):
        if not _is_public(rule) or method != "GET":
            continue
        url = _url(rule, world["slug"], world["ids"])
        seen = [_request(client, method, url, tokens[id(client)]).status_code for client in (stranger, anyone)]
        assert seen[0] == seen[1], (rule.rule, seen)


def test_a_parent_bodys_organizer_only_looks(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    client = _log_in(app.test_client(), "thanhpho", "mat-khau-thanh-pho")
    token = _csrf(client)
    before = _digest(app)
    looked = set()
    for rule, method in _contest_rules(app):
        if _is_public(rule):
            continue
        # ``cluster=all``: the results sheet of every cluster (the one read-only page that asks which).
        response = _request(client, method, _url(rule, world["slug"], world["ids"]) + "?cluster=all", token)
        if method == "GET" and rule.endpoint in guards.READ_ONLY_ENDPOINTS:
            assert response.status_code == 200, (rule.rule, response.status_code)
            looked.add(rule.endpoint)
        else:
            assert response.status_code == 403, (method, rule.rule, response.status_code)
            if method == "GET":
                assert "Chỉ xem: hội thi này thuộc một đơn vị cấp dưới của bạn" in response.get_data(as_text=True)
    # The read-only pages that name a contest (the pipeline names a body: tests/organizer/test_nomination_pages.py).
    assert looked == {e for e in guards.READ_ONLY_ENDPOINTS if e in {r.endpoint for r, _ in _contest_rules(app)}}
    assert _digest(app) == before
    home = client.get("/organizer/").get_data(as_text=True)
    assert world["slug"] in home and "chỉ xem" in home
    overview = client.get(f"/organizer/contests/{world['slug']}").get_data(as_text=True)
    assert "Chỉ xem" in overview
    assert f"/organizer/contests/{world['slug']}/edit" not in overview
    results = client.get(f"/results/{world['slug']}/").get_data(as_text=True)
    assert "Chỉ xem" in results and f"/results/{world['slug']}/publish" not in results
    assert f"/desk/{world['slug']}/" not in results


def test_anonymous_visitors_are_sent_to_login_and_judges_refused(app: Flask, world) -> None:  # type: ignore[no-untyped-def]
    anonymous = app.test_client()
    token = _csrf(anonymous)
    judge = app.test_client()
    assert judge.get(f"/judge/login/{world['judge_token']}").status_code == 302
    judge_token = _csrf(judge)
    for rule, method in _staff_rules(app):
        url = _url(rule, world["slug"], world["ids"])
        response = _request(anonymous, method, url, token)
        assert response.status_code == 302, (method, rule.rule, response.status_code)
        assert re.search(r"/login(\?|$)", response.headers["Location"]), (rule.rule, response.headers["Location"])
        assert _request(judge, method, url, judge_token).status_code == 403, (method, rule.rule)
