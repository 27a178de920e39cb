"""Ranking: competition ranks, the tie-break cascade, clusters, and monotonicity properties."""

from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.domain.errors import DomainError
from contest.domain.ranking import (
    HEAD_JUDGE,
    SHARED,
    TOTAL,
    Entry,
    TieBreak,
    entry_from_score,
    rank,
    rank_by_cluster,
)
from contest.domain.scoring import JudgedPart, JudgeScore, ScoringRules, TeamSheets, score_team

CASCADE = ("skit", "situation")


def entry(team_id: int, total: int, cluster: int | None = None, **parts: int) -> Entry:
    """A plain stand-in: totals and part scores in centipoints."""
    return Entry(team_id, Fraction(total), {code: Fraction(v) for code, v in parts.items()}, cluster)


def test_standard_competition_ranking_without_cascade() -> None:
    ranking = rank([entry(1, 9000), entry(2, 8000), entry(3, 8000), entry(4, 7000)])
    assert [(r.team_id, r.rank, r.decided_by) for r in ranking.rows] == [
        (1, 1, None), (2, 2, TOTAL), (3, 2, SHARED), (4, 4, TOTAL)]
    assert ranking.unresolved == ((2, 3),)


@pytest.mark.parametrize(("entries", "decisions", "order", "ranks", "by"), [
    pytest.param([entry(1, 8000, skit=4000), entry(2, 8000, skit=4100)], (), [2, 1], [1, 2], "skit",
                 id="skit-decides"),
    pytest.param([entry(1, 8000, skit=4000, situation=2500), entry(2, 8000, skit=4000, situation=2600)],
                 (), [2, 1], [1, 2], "situation", id="situation-after-equal-skit"),
    pytest.param([entry(1, 8000, skit=4000, situation=2600), entry(2, 8000, skit=4100, situation=2000)],
                 (), [2, 1], [1, 2], "skit", id="skit-outranks-situation"),
    pytest.param([entry(1, 8000, skit=4000), entry(2, 8000)], (), [1, 2], [1, 2], "skit",
                 id="unscored-part-ranks-below"),
    pytest.param([entry(1, 8000, skit=4000), entry(2, 8000, skit=4000)], ((2, 1),), [2, 1], [1, 2],
                 HEAD_JUDGE, id="head-judge-decides"),
    pytest.param([entry(1, 8000, skit=4000), entry(2, 8000, skit=4000)], ((9, 2, 5, 1),), [2, 1], [1, 2],
                 HEAD_JUDGE, id="decision-may-list-more-teams"),
    pytest.param([entry(1, 8000, skit=4000), entry(2, 8000, skit=4000)], (), [1, 2], [1, 1], SHARED,
                 id="shared-without-decision"),
    pytest.param([entry(1, 8000), entry(2, 8000), entry(3, 8000)], ((3, 1),), [1, 2, 3], [1, 1, 1],
                 SHARED, id="partial-decision-leaves-group-shared"),
])
def test_tie_break_cascade(entries: list[Entry], decisions: tuple, order: list[int], ranks: list[int],
                           by: str) -> None:
    ranking = rank(entries, TieBreak(CASCADE, decisions))
    assert list(ranking.team_ids) == order
    assert [r.rank for r in ranking.rows] == ranks
    assert ranking.rows[1].decided_by == by
    assert ranking.decider(order[1], order[0]).by == by


def test_decider_between_any_two_teams() -> None:
    ranking = rank([entry(1, 9000, skit=4000), entry(2, 8000, skit=4500), entry(3, 8000, skit=4200)],
                   TieBreak(CASCADE))
    assert ranking.team_ids == (1, 2, 3)
    decider = ranking.decider(3, 2)
    assert (decider.above, decider.below, decider.by) == (2, 3, "skit")
    assert ranking.decider(3, 1).by == TOTAL


def test_all_tied_share_first_place() -> None:
    ranking = rank([entry(t, 5000, skit=2000) for t in (4, 2, 3, 1)], TieBreak(CASCADE))
    assert [(r.team_id, r.rank) for r in ranking.rows] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert ranking.unresolved == ((1, 2, 3, 4),)


def test_per_cluster_and_overall() -> None:
    entries = [entry(1, 9000, 1), entry(2, 8000, 1), entry(3, 8500, 2), entry(4, 8000, 2)]
    decision = TieBreak((), ((4, 2),))
    by_cluster = rank_by_cluster(entries, decision, clusters=(1, 2, 3))
    assert {c: r.team_ids for c, r in by_cluster.items()} == {1: (1, 2), 2: (3, 4), 3: ()}
    overall = rank(entries, decision)
    assert [(r.team_id, r.rank, r.cluster) for r in overall.rows] == [(1, 1, 1), (3, 2, 2), (4, 3, 2),
                                                                       (2, 4, 1)]
    assert overall.decider(2, 4).by == HEAD_JUDGE


@pytest.mark.parametrize(("call", "code"), [
    pytest.param(lambda: rank_by_cluster([entry(1, 10)]), "ranking_no_cluster", id="no-cluster"),
    pytest.param(lambda: rank([entry(1, 10), entry(1, 20)]), "ranking_duplicate_team", id="duplicate"),
    pytest.param(lambda: TieBreak((), ((1, 2, 1),)), "ranking_bad_decision", id="decision-repeats-a-team"),
    pytest.param(lambda: rank([entry(1, 10)]).row(2), "ranking_unknown_team", id="unknown-team"),
])
def test_ranking_errors(call, code: str) -> None:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code


def test_empty_round_ranks_nobody() -> None:
    assert rank([]).rows == ()


# --- properties ------------------------------------------------------------------------------
PANEL = (1, 2, 3, 4, 5)
RULES = ScoringRules((JudgedPart("skit", 1000), JudgedPart("situation", 1000)), PANEL, trim_min_judges=5)
judge_points = st.integers(0, 8).map(lambda q: q * 125)  # coarse, so that ties are frequent


@st.composite
def scored_round(draw) -> list[TeamSheets]:
    teams = []
    for team_id in range(1, draw(st.integers(2, 6)) + 1):
        scores = {code: tuple(JudgeScore(j, draw(judge_points)) for j in PANEL) for code in CASCADE}
        conflicts = frozenset(draw(st.sets(st.sampled_from(PANEL), max_size=1)))
        teams.append(TeamSheets(team_id, scores, conflicts=conflicts))
    return teams


def standings(teams: list[TeamSheets], tie_break: TieBreak):
    return rank([entry_from_score(score_team(RULES, t)) for t in teams], tie_break)


@settings(deadline=None, max_examples=200)
@given(scored_round(), st.data())
def test_raising_one_judges_score_never_lowers_the_teams_rank(teams: list[TeamSheets], data) -> None:
    ids = [t.team_id for t in teams]
    decisions = data.draw(st.sampled_from([(), (tuple(data.draw(st.permutations(ids))),)]))
    tie_break = TieBreak(CASCADE, decisions)
    index = data.draw(st.integers(0, len(teams) - 1))
    team, code = teams[index], data.draw(st.sampled_from(CASCADE))
    seat = data.draw(st.sampled_from([i for i, j in enumerate(PANEL) if j not in team.conflicts]))
    sheets = list(team.judge_scores[code])
    sheets[seat] = JudgeScore(sheets[seat].judge_id,
                              data.draw(st.integers(sheets[seat].centipoints, 1000)))
    raised = TeamSheets(team.team_id, {**team.judge_scores, code: tuple(sheets)}, conflicts=team.conflicts)
    after = standings([*teams[:index], raised, *teams[index + 1:]], tie_break)
    assert after.rank_of(team.team_id) <= standings(teams, tie_break).rank_of(team.team_id)


small = st.integers(0, 2)


@st.composite
def tied_entries(draw) -> list[Entry]:
    entries = []
    for team_id in range(1, draw(st.integers(1, 8)) + 1):
        parts = {code: Fraction(draw(small)) for code in CASCADE if draw(st.booleans())}
        entries.append(Entry(team_id, Fraction(draw(small)), parts))
    return entries


def expected_key(e: Entry) -> tuple:
    """The cascade written out independently: total, then each part (unscored lowest)."""
    return (e.total, *((1, e.parts[c]) if c in e.parts else (0, 0) for c in CASCADE))


@settings(deadline=None, max_examples=300)
@given(tied_entries(), st.data())
def test_ties_resolve_by_the_configured_cascade(entries: list[Entry], data) -> None:
    ids = [e.team_id for e in entries]
    chosen = data.draw(st.lists(st.permutations(ids), max_size=2))
    decisions = tuple(tuple(d[: data.draw(st.integers(0, len(d)))]) for d in chosen)
    ranking = rank(entries, TieBreak(CASCADE, decisions))
    by_id = {e.team_id: e for e in entries}
    rows = ranking.rows
    for position, (upper, lower) in enumerate(pairwise(rows), start=2):
        key_u, key_l = expected_key(by_id[upper.team_id]), expected_key(by_id[lower.team_id])
        assert key_u >= key_l
        if key_u != key_l:
            step = next(i for i in range(len(key_u)) if key_u[i] != key_l[i])
            assert lower.decided_by == (TOTAL, *CASCADE)[step]
            assert lower.rank == position
            continue
        group = {e.team_id for e in entries if expected_key(e) == key_u}
        decision = next((d for d in decisions if group <= set(d)), None)
        if decision is None:
            assert (lower.decided_by, lower.rank) == (SHARED, upper.rank)
        else:
            assert (lower.decided_by, lower.rank) == (HEAD_JUDGE, position)
            assert decision.index(upper.team_id) < decision.index(lower.team_id)
