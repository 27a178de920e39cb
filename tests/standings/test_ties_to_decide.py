"""The head judge is asked about a tie only when it decides a prize or who goes through: two teams of
different clusters sharing a mid-table total are left alone; two teams sharing a cluster's first place
are put to the head judge (console, staff feed, biên bản)."""

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Judge, Round
from contest.services import results, standings, tie_decisions

HIGH, LOW = ["28"] * 5, ["20"] * 5
SECOND = {"Cụm 1": ["26"] * 5, "Cụm 3": ["25"] * 5}  # distinct: the seconds compete for the reserve place


@pytest.fixture
def clean_teams(app, demo):
    """Per cluster, the first three teams that no judge of the round has a conflict with."""
    with app.app_context():
        conflicts = set(db.session.scalars(select(Judge.conflict_team_id).where(Judge.conflict_team_id.is_not(None))))
    return {cluster: [t for t in teams if demo.teams[t] not in conflicts][:3]
            for cluster, teams in demo.cluster_teams.items()}


def _asked(app, demo):
    with app.app_context():
        rnd = db.session.get(Round, demo.prelim)
        board = standings.round_board(rnd)
        named = {tid: name for name, tid in demo.teams.items()}
        asked = [{named[t] for t in group} for group in tie_decisions.to_decide(rnd, board)]
        tied = [{named[t] for t in group} for group in board.overall.unresolved]
        notes = [note for scope in results.round_results(rnd) for note in scope.unresolved]
        return asked, tied, notes


def test_a_mid_table_tie_across_clusters_is_not_asked(app, demo, panel_score, clean_teams):
    # In Cụm 1 and Cụm 3: a winner, a second, and a third on exactly 20 points.
    for cluster in ("Cụm 1", "Cụm 3"):
        first, second, third = clean_teams[cluster]
        panel_score(cluster, first, "situation", HIGH)
        panel_score(cluster, second, "situation", SECOND[cluster])
        panel_score(cluster, third, "situation", LOW)
    asked, tied, notes = _asked(app, demo)
    assert {clean_teams["Cụm 1"][2], clean_teams["Cụm 3"][2]} in tied  # tied overall...
    assert asked == [] and notes == []  # ...but third in their own clusters: nothing at stake


def test_a_tie_for_a_cluster_first_place_is_asked(app, demo, panel_score, clean_teams):
    first, second, third = clean_teams["Cụm 2"]
    panel_score("Cụm 2", first, "situation", HIGH)
    panel_score("Cụm 2", second, "situation", HIGH)
    panel_score("Cụm 2", third, "situation", LOW)
    asked, _, notes = _asked(app, demo)
    assert asked == [{first, second}]
    assert [set(group) for group in notes] == [{first, second}]


def test_seconds_tied_for_the_reserve_place_are_asked(app, demo, panel_score, clean_teams):
    for cluster in ("Cụm 1", "Cụm 3"):
        first, second, _ = clean_teams[cluster]
        panel_score(cluster, first, "situation", HIGH)
        panel_score(cluster, second, "situation", SECOND["Cụm 1"])
    asked, _, _ = _asked(app, demo)
    assert asked == [{clean_teams["Cụm 1"][1], clean_teams["Cụm 3"][1]}]  # one reserve place, two teams
