"""Standings fixtures: the Hà Nội 2024 demo (35 teams, 6 clusters of 5-judge panels, the final),
sheets stored through the real judging service, quiz marks and penalties as the secretary's rows,
and a synchronous flush of the broadcaster (the background task is off in TESTING).
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from contest import broadcast
from contest.extensions import db
from contest.models import Entry, Judge, Part, Round, Team, User
from contest.models.judging import Penalty, QuizMark, ScoreSheet
from contest.services import judging, standings_feed
from contest.services.demo import LoadResult


@dataclass
class Demo:
    slug: str
    contest_id: int
    rounds: dict[str, int]  # slug -> id
    teams: dict[str, int]  # team name -> team id
    entries: dict[str, int]  # team name -> preliminary entry id
    clusters: dict[str, int]  # cluster name -> id
    cluster_teams: dict[str, list[str]]  # cluster name -> team names
    judges: dict[str, int]  # code -> id
    parts: dict[str, int]  # preliminary part code -> id
    criteria: dict[str, list[int]]  # preliminary part code -> criterion ids in order
    organizer_id: int

    @property
    def prelim(self) -> int:
        return self.rounds["so-khao"]


@pytest.fixture
def demo(app: Flask, demo_contest: LoadResult) -> Demo:
    with app.app_context():
        rounds = {r.slug: r for r in db.session.scalars(select(Round).filter_by(contest_id=demo_contest.contest_id))}
        prelim = rounds["so-khao"]
        entries = db.session.scalars(select(Entry).filter_by(round_id=prelim.id)).all()
        names = {t.id: t.name for t in db.session.scalars(select(Team).filter_by(contest_id=demo_contest.contest_id))}
        clusters = {c.id: c.name for c in prelim.clusters}
        cluster_teams: dict[str, list[str]] = {name: [] for name in clusters.values()}
        for entry in sorted(entries, key=lambda e: e.team_id):
            cluster_teams[clusters[entry.cluster_id]].append(names[entry.team_id])
        parts = {p.code: p for p in prelim.parts}
        return Demo(
            slug=demo_contest.slug, contest_id=demo_contest.contest_id,
            rounds={slug: r.id for slug, r in rounds.items()},
            teams={name: tid for tid, name in names.items()},
            entries={names[e.team_id]: e.id for e in entries},
            clusters={name: cid for cid, name in clusters.items()}, cluster_teams=cluster_teams,
            judges={code: jid for code, jid in db.session.execute(
                select(Judge.code, Judge.id).filter_by(contest_id=demo_contest.contest_id))},
            parts={code: p.id for code, p in parts.items()},
            criteria={code: [c.id for c in p.criteria] for code, p in parts.items()},
            organizer_id=db.session.scalar(select(User.id).filter_by(username="bantochuc")),
        )


@pytest.fixture
def score(app: Flask, demo: Demo) -> Callable[..., judging.Receipt]:
    """score("GK11", "Quận Ba Đình", "greeting", "10", "7") stores a sheet as the judge's tablet would."""
    keys = count(1)

    def submit(judge_code: str, team: str, part: str, *values: str, entry_id: int | None = None) -> judging.Receipt:
        criteria = demo.criteria[part]
        scores = {str(c): v for c, v in zip(criteria, values, strict=True)} if criteria else {"total": values[0]}
        with app.app_context():
            judge = db.session.get(Judge, demo.judges[judge_code])
            body = {"key": f"test-key-{next(keys):08d}-{judge_code}", "entry_id": entry_id or demo.entries[team],
                    "part_code": part, "scores": scores}
            return judging.submit_sheet(judge, body)

    return submit


@pytest.fixture
def panel_score(score: Callable[..., Any], demo: Demo) -> Callable[..., None]:
    """panel_score("Cụm 1", "Quận Ba Đình", "situation", ["25", "24,5", ...]): one sheet per judge in seat order."""

    def submit(cluster: str, team: str, part: str, sheets: list[Any]) -> None:
        number = cluster.split()[-1]
        for seat, values in enumerate(sheets, start=1):
            if values is None:
                continue
            values = values if isinstance(values, tuple) else (values,)
            score(f"GK{number}{seat}", team, part, *values)

    return submit


@pytest.fixture
def quiz(app: Flask, demo: Demo) -> Callable[[str, int], None]:
    """The secretary marks a team's ten knowledge questions: the first ``correct`` right."""

    def mark(team: str, correct: int, questions: int = 10) -> None:
        with app.app_context():
            for q in range(1, questions + 1):
                db.session.add(QuizMark(entry_id=demo.entries[team], part_id=demo.parts["knowledge"], question=q,
                                        correct=q <= correct, marked_by="secretary"))
            db.session.commit()

    return mark


@pytest.fixture
def penalize(app: Flask, demo: Demo) -> Callable[..., None]:
    def add(team: str, centipoints: int, part: str | None = None) -> None:
        with app.app_context():
            db.session.add(Penalty(entry_id=demo.entries[team], part_id=demo.parts[part] if part else None,
                                   amount=centipoints, reason="Quá giờ", source="manual", created_by="secretary"))
            db.session.commit()

    return add


@pytest.fixture
def flush(app: Flask) -> Callable[[], list[standings_feed.Published]]:
    """Run the broadcaster's work now: publish every round marked dirty by the commits so far."""

    def run() -> list[standings_feed.Published]:
        with app.app_context():
            return broadcast.broadcaster(app).flush()

    return run


@pytest.fixture
def organizer(app: Flask, demo: Demo) -> Callable[[], User]:
    """The demo organizer as an acting user (inside an app context)."""
    return lambda: db.session.get(User, demo.organizer_id)


def uniform(part: str, value: str | tuple[str, ...], judges: int = 5) -> list[Any]:
    """The same sheet from every judge."""
    return [value] * judges


def part_id(app: Flask, round_id: int, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Part.id).filter_by(round_id=round_id, code=code))


@pytest.fixture
def fill_round(app: Flask, demo: Demo) -> Callable[..., None]:
    """Store a complete set of sheets and quiz marks for every team of a round (deterministic values).

    Bulk rows straight into the tables (the judging service's own tests cover how they arrive);
    ``skip`` names teams left without any score.
    """

    def fill(round_slug: str = "so-khao", seed: int = 7, skip: tuple[str, ...] = ()) -> None:
        rng = random.Random(seed)
        with app.app_context():
            rnd = db.session.get(Round, demo.rounds[round_slug])
            judges = list(db.session.scalars(select(Judge).filter_by(round_id=rnd.id)))
            for entry in db.session.scalars(select(Entry).filter_by(round_id=rnd.id).order_by(Entry.id)):
                if entry.team.name in skip:
                    continue
                _fill_entry(rnd, entry, judges, rng)
            db.session.commit()

    return fill


def _fill_entry(rnd: Round, entry: Entry, judges: list[Judge], rng: random.Random) -> None:
    for part in rnd.parts:
        if part.scoring_mode != "panel":
            correct = rng.randrange(4, 11)
            db.session.add_all(QuizMark(entry_id=entry.id, part_id=part.id, question=q, correct=q <= correct,
                                        marked_by="secretary") for q in range(1, (part.quiz_questions or 0) + 1))
            continue
        for judge in judges:
            if judge.cluster_id not in (None, entry.cluster_id) or judge.conflict_team_id == entry.team_id:
                continue
            total = rng.randrange(part.max_points // 2, part.max_points + 1, part.step)
            db.session.add(ScoreSheet(contest_id=rnd.contest_id, judge_id=judge.id, entry_id=entry.id,
                                      part_id=part.id, version=1, idem_key=f"fill-{judge.id}-{entry.id}-{part.id}",
                                      body_hash="-", values={"total": total}, total=total))
