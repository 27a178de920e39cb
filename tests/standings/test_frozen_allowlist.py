"""While the board is frozen, everything public carries only allow-listed fields and no hidden figure.

A public socket records every message from the freeze on; every public JSON API answer and every
public page is fetched after hidden scores, a quiz mark and a penalty arrive. Each message and
feed is checked field by field against an allow-list, and no hidden total, rank or count may
appear anywhere (not even as a bumped version number).
"""

import json
import re

import pytest

from contest.extensions import db, socketio
from contest.models import Round
from contest.models.judging import StageState
from contest.models.show_state import MODE_FROZEN
from contest.services import ceremony
from tests.conftest import csrf_token_from

BA_DINH = "Quận Ba Đình"
DONG_DA = "Quận Đống Đa"

UPDATE_FIELDS = {"v", "now", "r", "m", "h", "i", "t", "k", "c", "s", "cd"}
STATIC_FIELDS = {"contest", "round", "clusters", "parts", "teams", "tiers", "card"}
CARD_FIELDS = {"r", "key", "team", "total", "penalty", "rank", "crank", "parts"}
CARD_PART_FIELDS = {"code", "score", "penalty", "correct", "judges"}
SHOW_FIELDS = {"v", "round", "cluster", "voting", "vround", "overlay"}
ALLOWED = {"standings": UPDATE_FIELDS, "card": CARD_FIELDS, "show": SHOW_FIELDS}


def hidden_marks(centipoints: int) -> list[re.Pattern]:
    """A hidden total as it could leak: 2913, "29.13", "29,13"."""
    whole, cents = divmod(centipoints, 100)
    return [re.compile(rf"(?<![\d.,]){centipoints}(?![\d])"), re.compile(rf"{whole}[.,]{cents:02d}")]


def check_card(card: dict) -> None:
    assert set(card) <= CARD_FIELDS | {"key"}
    for part in card["parts"]:
        assert set(part) <= CARD_PART_FIELDS


@pytest.fixture
def public_socket(app, demo):
    client = socketio.test_client(app, auth={"contest": demo.slug})
    yield client
    client.disconnect()


def test_frozen_public_messages_and_answers_carry_only_allowed_fields(
        app, demo, client, public_socket, panel_score, score, quiz, penalize, flush, organizer):
    flush()
    panel_score("Cụm 1", BA_DINH, "situation", ["20"] * 5)
    flush()
    with app.app_context():
        ceremony.set_mode(organizer(), db.session.get(Round, demo.prelim), MODE_FROZEN)
        db.session.commit()
    flush()
    public_socket.get_received()  # what went out before the freeze was public anyway
    frozen = client.get(f"/api/v1/contests/{demo.slug}/rounds/so-khao/standings").get_json()
    assert frozen["m"] == MODE_FROZEN and frozen["i"] == [demo.teams[BA_DINH]] and frozen["t"] == [2000]

    # Hidden: Đống Đa's situation (four judges, GK23 in conflict): 29.125 -> 29.13; Ba Đình gains
    # a quiz (8.00) and loses a penalty (0.50): 20 + 8 - 0.5 = 27.50.
    for code, value in (("GK21", "29"), ("GK22", "29,5"), ("GK24", "29"), ("GK25", "29")):
        score(code, DONG_DA, "situation", value)
    quiz(BA_DINH, 8)
    penalize(BA_DINH, 50)
    # Allowed while frozen: who is on stage (no score in it).
    with app.app_context():
        db.session.add(StageState(scope=StageState.scope_key(demo.prelim, demo.clusters["Cụm 2"]),
                                  round_id=demo.prelim, cluster_id=demo.clusters["Cụm 2"],
                                  entry_id=demo.entries[DONG_DA]))
        db.session.commit()
    staff = [p.staff for p in flush() if p.staff]
    assert staff and {r["team"]: r["total"] for r in staff[-1]["rows"]}[demo.teams[DONG_DA]] == 2913

    messages = public_socket.get_received()
    answers = public_answers(app, client, demo)
    leaks = hidden_marks(2913) + hidden_marks(2750)
    assert [m["name"] for m in messages] == ["standings"]  # the stage change, nothing else
    for message in messages:
        data = message["args"][0]
        assert set(data) <= ALLOWED[message["name"]], message
        assert data["i"] == frozen["i"] and data["t"] == frozen["t"] and data["k"] == frozen["k"]
        assert data["v"] == frozen["v"] + 1 and data["s"][0][1] == demo.teams[DONG_DA]
        assert not any(p.search(json.dumps(data)) for p in leaks)
    card = answers[f"/api/v1/contests/{demo.slug}/rounds/so-khao/card"]
    assert card is None or check_card(card) is None
    feed = answers[f"/api/v1/contests/{demo.slug}/rounds/so-khao/standings"]
    assert set(feed) <= UPDATE_FIELDS | STATIC_FIELDS
    assert feed["card"] is None or check_card(feed["card"]) is None
    assert set(answers[f"/api/v1/contests/{demo.slug}/show"]) <= SHOW_FIELDS
    for path, body in answers.items():
        text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        assert not any(p.search(text) for p in leaks), path


def public_answers(app, client, demo) -> dict[str, object]:
    """Every public JSON endpoint of API v1 for this contest and round, and every public screen."""
    answers: dict[str, object] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or "GET" not in rule.methods:
            continue
        values = {"slug": demo.slug, "round_slug": "so-khao"}
        if set(rule.arguments) - set(values):
            continue
        path = rule.rule.replace("<slug>", demo.slug).replace("<round_slug>", "so-khao")
        response = client.get(path)
        if response.status_code == 200 and response.is_json:
            answers[path] = response.get_json()
    for path in ("/", f"/c/{demo.slug}", f"/c/{demo.slug}/projector", f"/c/{demo.slug}/live",
                 f"/c/{demo.slug}/overlay", f"/c/{demo.slug}/results"):
        response = client.get(path)
        # The results page exists only once the organizer publishes the results (not here).
        assert response.status_code == 200 or path.endswith("/results"), path
        answers[path] = response.get_data(as_text=True)
    assert f"/api/v1/contests/{demo.slug}/rounds/so-khao/standings" in answers
    return answers


def test_frozen_lock_and_unlock_reach_no_public_client(app, demo, client, public_socket, login_organizer,
                                                       organizer, flush):
    """A lock tells that a team's sheets are all in: judging progress the frozen board hides."""
    with app.app_context():
        ceremony.set_mode(organizer(), db.session.get(Round, demo.prelim), MODE_FROZEN)
        db.session.commit()
    flush()
    public_socket.get_received()
    login_organizer(client)
    stage = f"round=so-khao&cluster={demo.clusters['Cụm 2']}"
    token = csrf_token_from(client.get(f"/desk/{demo.slug}/head?{stage}").get_data(as_text=True))
    entry = demo.entries[DONG_DA]
    locked = client.post(f"/desk/{demo.slug}/head/entries/{entry}/lock?{stage}", data={"csrf_token": token})
    unlocked = client.post(f"/desk/{demo.slug}/head/entries/{entry}/unlock?{stage}",
                           data={"csrf_token": token, "reason": "Nhầm đội"})
    assert locked.status_code == unlocked.status_code == 302
    flush()
    messages = public_socket.get_received()
    assert all(m["name"] in ALLOWED for m in messages), [m["name"] for m in messages]
    assert not any(str(entry) in json.dumps(m["args"]) and m["name"] != "standings" for m in messages)
