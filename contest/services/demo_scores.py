"""Simulated judging for demo and test contests: every judge scores every team through the real
judging service, the secretary marks the quiz, so papers and pages show what a hall would store.

Scores come from a seeded generator on each part's step (60-100 % of the maximum), typed the
Vietnamese way ("17,25"), so the same seed always stores the same sheets.
"""

import random
from collections.abc import Iterable

from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry, Judge, Part, Round, User
from contest.services import judging, secretary


def typed_points(rng: random.Random, maximum: int, step: int) -> str:
    low = (maximum * 6 // 10) // step
    cents = rng.randint(low, maximum // step) * step
    return f"{cents // 100},{cents % 100:02d}"


def sheet_scores(rng: random.Random, part: Part) -> dict[str, str]:
    if part.criteria:
        return {str(c.id): typed_points(rng, c.max_points, part.step) for c in part.criteria}
    return {"total": typed_points(rng, part.max_points, part.step)}


def simulate_round(rnd: Round, secretary_user: User, clusters: Iterable[str] | None = None,
                   rng: random.Random | None = None) -> dict[str, list[str]]:
    """Score the round's entries (only the named clusters, when given); returns team names by cluster.

    Running orders are set in entry order where missing. Every sheet is committed as the judging
    service commits it. ``rng`` defaults to ``random.Random(2024)``.
    """
    rng = rng or random.Random(2024)
    wanted = set(clusters) if clusters is not None else None
    scopes = [c for c in rnd.clusters if wanted is None or c.name in wanted] or [None]
    teams: dict[str, list[str]] = {}
    for cluster in scopes:
        query = select(Entry).filter_by(round_id=rnd.id, withdrawn=False).order_by(Entry.id)
        if cluster is not None:
            query = query.filter_by(cluster_id=cluster.id)
        entries = list(db.session.scalars(query))
        for order, entry in enumerate(entries, start=1):
            entry.running_order = entry.running_order or order
        db.session.commit()
        teams[cluster.name if cluster else rnd.name] = [e.team.name for e in entries]
        panel = list(db.session.scalars(select(Judge).filter_by(round_id=rnd.id,
                                                                cluster_id=cluster.id if cluster else None)))
        for entry in entries:
            _score_entry(rng, rnd, entry, panel)
            _mark_quiz(rng, rnd, entry, secretary_user)
    return teams


def _score_entry(rng: random.Random, rnd: Round, entry: Entry, panel: list[Judge]) -> None:
    for part in (p for p in rnd.parts if p.scoring_mode == "panel"):
        for judge in panel:
            if judge.conflict_team_id == entry.team_id:
                continue
            key = f"demo-sheet-{judge.id:04d}-{entry.id:05d}-{part.id:04d}"
            judging.submit_sheet(judge, {"key": key, "entry_id": entry.id, "part_code": part.code,
                                         "scores": sheet_scores(rng, part)})


def _mark_quiz(rng: random.Random, rnd: Round, entry: Entry, actor: User) -> None:
    for part in (p for p in rnd.parts if p.scoring_mode != "panel"):
        marks = {q: rng.random() < 0.7 for q in range(1, (part.quiz_questions or 0) + 1)}
        secretary.set_quiz_marks(actor, entry, part, marks)
    db.session.commit()
