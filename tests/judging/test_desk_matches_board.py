"""The head judge's part scores are the public board's, whatever sheets came in.

Both read the round's rules through ``services.scoring_rules``; this property test stores random
sheets (some missing, some corrected, some held for review, with and without trimming) and compares
every part card of cluster A on the desk with the board's.
"""

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contest.domain.scoring import CONFLICT, PartResult
from contest.extensions import db
from contest.models import Contest, Round
from contest.models.judging import SHEET_PENDING, SHEET_RECEIVED, ScoreSheet
from contest.services import panel, standings
from tests.judging.conftest import World

TEAMS, JUDGES = ("A1", "A2", "A3"), ("JA1", "JA2", "JA3")
# One sheet version: its status, and centipoints per criterion (greeting: 12 + 8) or in total (situation).
GREETING = st.tuples(st.integers(0, 48).map(lambda n: n * 25), st.integers(0, 32).map(lambda n: n * 25))
SITUATION = st.integers(0, 120).map(lambda n: n * 25)
STATUS = st.sampled_from([SHEET_RECEIVED, SHEET_RECEIVED, SHEET_PENDING])
CELL = st.lists(st.tuples(STATUS, GREETING, SITUATION), max_size=2)  # [] = not sent; 2 = a correction
SHEETS = st.fixed_dictionaries({(t, j): CELL for t in TEAMS for j in JUDGES})
RULES = st.tuples(st.sampled_from(["mean", "trimmed"]), st.integers(3, 5))  # setup refuses trimming below 3


def _store(world: World, sheets: dict, greeting_id: int, situation_id: int) -> None:
    key = 0
    for (team, judge), versions in sheets.items():
        for version, (status, (first, second), total) in enumerate(versions, start=1):
            for part_id, values in ((greeting_id, {str(world.criteria[0]): first, str(world.criteria[1]): second}),
                                    (situation_id, {"total": total})):
                key += 1
                db.session.add(ScoreSheet(
                    contest_id=world.contest_id, judge_id=world.judges[judge], entry_id=world.entries[team],
                    part_id=part_id, version=version, idem_key=f"p{key}", body_hash="x", values=values,
                    total=sum(values.values()), status=status))
    db.session.flush()


def _lines(result: PartResult) -> list[tuple]:
    """What became of each judge's sheet. A conflicted judge's sheet never counts: the desk does not
    even read its value (the board's card keeps it), so only its status is compared."""
    return [(j.judge_id, j.status, None if j.status == CONFLICT else j.centipoints) for j in result.judges]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=SHEETS, rules=RULES)
def test_the_desk_part_scores_equal_the_board(app: Flask, world: World, sheets: dict, rules: tuple) -> None:
    with app.app_context():
        contest, rnd = db.session.get(Contest, world.contest_id), db.session.get(Round, world.round_id)
        contest.aggregation, contest.trim_min_judges = rules
        _store(world, sheets, world.parts["greeting"], world.parts["situation"])
        try:
            view = panel.build_view(contest, rnd, world.clusters["A"])
            board = standings.round_board(rnd)
            for entry in view.entries:
                for part in view.parts:
                    desk = view.results[(entry.id, part.id)]
                    public = board.scores[entry.team_id].part(part.code)
                    assert desk is not None
                    assert (desk.raw, desk.score, _lines(desk)) == (public.raw, public.score, _lines(public))
        finally:
            db.session.rollback()
