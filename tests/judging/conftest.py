"""Fixtures for judging: a small contest built in milliseconds, judges logged in by their QR link,
desk staff logged in through the session.

The world: one preliminary round with clusters A and B and a final round. Parts: "greeting"
(criteria 12 + 8, step 0.25, 5 minutes, over-time bands), "knowledge" (secretary quiz, 10 × 1
point), "situation" (no criteria, max 30, step 0.25). Cluster A: teams A1-A3 and judges
JA1-JA3 (JA3 comes from team A1: conflict); cluster B: teams B1-B2 and judges JB1-JB2.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from contest.domain.names import name_key
from contest.extensions import db
from contest.models import AuditEvent, BodyRole, Cluster, Contest, Criterion, Entry, Judge, Part, Round, Team, User
from contest.models.judging import ScoreSheet
from contest.security import LAST_SEEN, SESSION_KEY
from contest.services import bodies, judges, login_sessions
from tests.conftest import csrf_token_from

BANDS = {"kind": "bands", "bands": [[60, 25], [None, 50]]}


@dataclass
class World:
    slug: str
    contest_id: int
    round_id: int
    round_slug: str
    final_round_id: int
    clusters: dict[str, int]
    entries: dict[str, int]
    judges: dict[str, int]
    criteria: list[int]
    users: dict[str, int]
    parts: dict[str, int] = field(default_factory=dict)

    def greeting_scores(self, first: str = "9,5", second: str = "6.25") -> dict[str, str]:
        return {str(self.criteria[0]): first, str(self.criteria[1]): second}


def _part(code: str, position: int, **values: Any) -> Part:
    return Part(code=code, name=code.title(), position=position, **values)


def build_world() -> World:
    contest = Contest(slug="thu-nghiem", name="Hội thi thử nghiệm", year=2024, spread_flag_percent=20,
                      body_id=bodies.home_body().id)
    db.session.add(contest)
    rnd = Round(slug="so-khao", name="Vòng sơ khảo", kind="preliminary", position=0)
    final = Round(slug="chung-khao", name="Vòng chung khảo", kind="final", position=1)
    contest.rounds.extend([rnd, final])
    rnd.clusters.extend([Cluster(name="Cụm A", position=0), Cluster(name="Cụm B", position=1)])
    greeting = _part("greeting", 0, max_points=2000, step=25, time_limit_seconds=300, penalty_rule=BANDS)
    greeting.criteria.extend([Criterion(name="Nội dung", max_points=1200, position=0),
                              Criterion(name="Hình thức", max_points=800, position=1)])
    rnd.parts.extend([greeting, _part("knowledge", 1, max_points=1000, step=100, scoring_mode="secretary",
                                      quiz_questions=10, quiz_points_per_question=100),
                      _part("situation", 2, max_points=3000, step=25, time_limit_seconds=420,
                            penalty_rule={"kind": "per_minute", "points": 100})])
    final.parts.append(_part("situation", 0, max_points=3000, step=25))
    db.session.flush()
    cluster_a, cluster_b = rnd.clusters
    teams = {}
    for order, (name, cluster) in enumerate([("A1", cluster_a), ("A2", cluster_a), ("A3", cluster_a),
                                             ("B1", cluster_b), ("B2", cluster_b)]):
        team = Team(contest_id=contest.id, name=f"Đội {name}", name_key=name_key(f"Đội {name}"),
                    unit_type="urban_district")
        team.entries.append(Entry(round_id=rnd.id, cluster_id=cluster.id, running_order=order % 3 + 1))
        db.session.add(team)
        teams[name] = team
    db.session.flush()
    panel = [("JA1", cluster_a, None), ("JA2", cluster_a, None), ("JA3", cluster_a, teams["A1"]),
             ("JB1", cluster_b, None), ("JB2", cluster_b, None)]
    judge_rows = {}
    for code, cluster, conflict in panel:
        judge = Judge(contest_id=contest.id, round_id=rnd.id, cluster_id=cluster.id, name=f"Giám khảo {code}",
                      code=code, conflict_team_id=conflict.id if conflict else None)
        db.session.add(judge)
        judge_rows[code] = judge
    users = {role: User(username=role, display_name=role, password_hash="!",
                        body_roles=[BodyRole(body_id=contest.body_id, role=role)])
             for role in ("organizer", "head_judge", "secretary")}
    db.session.add_all(users.values())
    db.session.flush()
    return World(
        slug=contest.slug, contest_id=contest.id, round_id=rnd.id, round_slug=rnd.slug, final_round_id=final.id,
        clusters={"A": cluster_a.id, "B": cluster_b.id},
        entries={name: team.entries[0].id for name, team in teams.items()},
        judges={code: judge.id for code, judge in judge_rows.items()},
        criteria=[c.id for c in greeting.criteria], users={role: u.id for role, u in users.items()},
        parts={p.code: p.id for p in rnd.parts},
    )


@pytest.fixture
def world(app: Flask) -> World:
    with app.app_context():
        result = build_world()
        db.session.commit()
    return result


class Tablet:
    """A judge's tablet: a test client logged in by the judge's one-time link, with the CSRF token."""

    def __init__(self, app: Flask, judge_id: int) -> None:
        self.client = app.test_client()
        with app.app_context():
            judge = db.session.get(Judge, judge_id)
            raw = judges.issue_login_token(judge)
            db.session.commit()
        response = self.client.get(judges.login_path(raw))
        assert response.status_code == 302, response.status_code
        self.csrf = csrf_token_from(self.client.get("/").get_data(as_text=True))

    def post(self, body: dict[str, Any] | str, csrf: bool = True):  # type: ignore[no-untyped-def]
        headers = {"X-CSRFToken": self.csrf} if csrf else {}
        if isinstance(body, str):  # raw JSON text: NaN, Infinity and 1e999 cannot be built from dicts
            return self.client.post("/judge/api/sheets", data=body, content_type="application/json",
                                    headers=headers)
        return self.client.post("/judge/api/sheets", json=body, headers=headers)

    def state(self) -> dict[str, Any]:
        response = self.client.get("/judge/api/state")
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()


@pytest.fixture
def tablet(app: Flask, world: World) -> Callable[[str], Tablet]:
    """``tablet("JA1")``: a logged-in tablet for that judge."""
    return lambda code: Tablet(app, world.judges[code])


@pytest.fixture
def staff(app: Flask, world: World) -> Callable[[str], FlaskClient]:
    """``staff("secretary")``: a desk client logged in as that role (session set directly)."""

    def login(role: str) -> FlaskClient:
        client = app.test_client()
        with app.app_context():
            user = db.session.get(User, world.users[role])
            key = login_sessions.open_session(user, timedelta(hours=1))
            db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = f"user:{world.users[role]}"
            session["_fresh"] = True
            session[SESSION_KEY], session[LAST_SEEN] = key, int(time.time())
        return client

    return login


def desk_post(client: FlaskClient, path: str, data: dict[str, Any]):  # type: ignore[no-untyped-def]
    """POST a desk form with the CSRF token taken from a desk page, as a browser would."""
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


_KEY_COUNTER = iter(range(10**9))


def new_key(prefix: str = "k") -> str:
    return f"{prefix}-test-key-{next(_KEY_COUNTER):08d}"


def sheet_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ScoreSheet))


def audit_actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
