"""The data behind the pictures: a judge's lean against the rest of the panel, each team's spread,
and the standings as they moved team by team."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.domain.charts import judge_panel_chart, standings_movement

A, B, C = 1, 2, 3  # judges
X, Y = 10, 20  # teams


def test_a_judge_who_scores_high_leans_against_the_other_judges_not_the_whole_panel():
    scores = {(A, X): 2800, (B, X): 2500, (C, X): 2500,
              (A, Y): 2000, (B, Y): 1800, (C, Y): 1600}
    chart = judge_panel_chart(scores, [A, B, C], [X, Y])
    lean = {j.judge_id: j.lean for j in chart.judges}
    # Team X: 28 against (25+25)/2 -> +3; team Y: 20 against (18+16)/2 -> +3. A leans +3 points.
    assert lean[A] == 300
    # B: X 25 vs 26.5 (-1.5), Y 18 vs 18 (0) -> -0.75.  C: X -1.5, Y 16 vs 19 (-3) -> -2.25.
    assert lean[B] == -75 and lean[C] == -225


def test_each_team_shows_its_lowest_highest_and_mean_in_judge_order():
    chart = judge_panel_chart({(B, X): 1850, (A, X): 2000, (C, X): 1900}, [A, B, C], [X])
    (team,) = chart.teams
    assert team.scores == ((A, 2000), (B, 1850), (C, 1900))
    assert (team.low, team.high, team.mean) == (1850, 2000, Fraction(5750, 3))
    assert (chart.low, chart.high) == (1850, 2000)


def test_teams_without_scores_are_left_out_and_a_lone_judge_has_no_lean():
    chart = judge_panel_chart({(A, X): 2000}, [A, B], [X, Y])
    assert [t.team_id for t in chart.teams] == [X]
    assert [(j.judge_id, j.lean, j.teams) for j in chart.judges] == [(A, None, 0), (B, None, 0)]


def test_a_judge_out_of_a_team_by_conflict_leans_over_the_other_teams_only():
    scores = {(A, X): 2000, (B, X): 2200, (A, Y): 1500, (B, Y): 1500, (C, Y): 1800}
    lean = {j.judge_id: j for j in judge_panel_chart(scores, [A, B, C], [X, Y]).judges}
    assert (lean[C].lean, lean[C].teams) == (300, 1)  # Y only: 18 against 15
    assert lean[A].teams == 2


def test_the_standings_move_team_by_team_and_end_on_the_official_ranking():
    # Running order 1..4: the third team to perform wins, the first ends third.
    movement = standings_movement([11, 12, 13, 14], {11: 3, 12: 2, 13: 1, 14: 4})
    assert movement.order == (11, 12, 13, 14)
    assert movement.ranks[11] == (1, 2, 3, 3)
    assert movement.ranks[12] == (None, 1, 2, 2)
    assert movement.ranks[13] == (None, None, 1, 1)
    assert movement.ranks[14] == (None, None, None, 4)
    assert movement.final == {11: 3, 12: 2, 13: 1, 14: 4}


def test_shared_places_stay_shared_and_unscored_teams_are_left_out():
    movement = standings_movement([5, 6, 7, 8], {5: 1, 6: 1, 8: 3})
    assert movement.order == (5, 6, 8)
    assert movement.ranks[6] == (None, 1, 1)
    assert movement.ranks[8] == (None, None, 3)


@given(st.lists(st.integers(0, 6), min_size=1, max_size=12))
def test_a_team_never_climbs_after_it_performed(totals: list[int]):
    # Competition ranks of the totals (equal totals share a place), teams in running order.
    final = {team: 1 + sum(other > total for other in totals) for team, total in enumerate(totals, start=100)}
    movement = standings_movement(list(final), final)
    for team, seen in movement.ranks.items():
        on = [r for r in seen if r is not None]
        assert on == sorted(on) and on[-1] == final[team]


@pytest.mark.parametrize("order", [[], [99]], ids=["nobody", "unranked only"])
def test_no_ranked_team_gives_an_empty_movement(order: list[int]):
    movement = standings_movement(order, {})
    assert movement.order == () and movement.ranks == {}
