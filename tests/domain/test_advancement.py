"""Advancement: top k per cluster, best runners-up, reserves, and ties at a cut."""

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contest.domain.advancement import (
    BEST_RUNNER_UP,
    CLUSTER_TOP,
    POOL_ALL,
    POOL_NEXT_PLACE,
    RESERVE,
    AdvancementRule,
    TieAtCut,
    advance,
)
from contest.domain.errors import DomainError
from contest.domain.ranking import Entry, TieBreak, rank_by_cluster


def entry(team_id: int, total: int, cluster: int, **parts: int) -> Entry:
    return Entry(team_id, Fraction(total), {c: Fraction(v) for c, v in parts.items()}, cluster)


# Three clusters; the third of cluster 1 (13: 84.00) beats the second of cluster 2 (22: 82.00).
THREE_CLUSTERS = [
    entry(11, 9000, 1), entry(12, 8500, 1), entry(13, 8400, 1),
    entry(21, 8800, 2), entry(22, 8200, 2), entry(23, 8100, 2),
    entry(31, 8700, 3), entry(32, 8600, 3), entry(33, 7000, 3),
]


def summary(result) -> tuple:
    return ([(a.team_id, a.reason, a.place) for a in result.advancing],
            [(a.team_id, a.place) for a in result.reserves])


@pytest.mark.parametrize(("rule", "advancing", "reserves"), [
    pytest.param(AdvancementRule(1), [(11, CLUSTER_TOP, 1), (21, CLUSTER_TOP, 1), (31, CLUSTER_TOP, 1)], [],
                 id="hanoi-top-1-per-cluster"),
    pytest.param(AdvancementRule(1, 1, 2),
                 [(11, CLUSTER_TOP, 1), (21, CLUSTER_TOP, 1), (31, CLUSTER_TOP, 1), (32, BEST_RUNNER_UP, 1)],
                 [(12, 2), (22, 3)], id="best-cluster-second-then-reserves"),
    pytest.param(AdvancementRule(1, 1, 2, POOL_ALL),
                 [(11, CLUSTER_TOP, 1), (21, CLUSTER_TOP, 1), (31, CLUSTER_TOP, 1), (32, BEST_RUNNER_UP, 1)],
                 [(12, 2), (13, 3)], id="pool-all-lets-a-third-place-be-reserve"),
    pytest.param(AdvancementRule(2),
                 [(11, CLUSTER_TOP, 1), (12, CLUSTER_TOP, 2), (21, CLUSTER_TOP, 1), (22, CLUSTER_TOP, 2),
                  (31, CLUSTER_TOP, 1), (32, CLUSTER_TOP, 2)], [], id="ba-vi-top-2-per-cluster"),
    pytest.param(AdvancementRule(0, 4, 1, POOL_ALL),
                 [(11, BEST_RUNNER_UP, 1), (21, BEST_RUNNER_UP, 2), (31, BEST_RUNNER_UP, 3),
                  (32, BEST_RUNNER_UP, 4)], [(12, 5)], id="global-top-k"),
])
def test_advancement_rules(rule: AdvancementRule, advancing: list, reserves: list) -> None:
    result = advance(THREE_CLUSTERS, rule)
    assert result.complete
    assert summary(result) == (advancing, reserves)


def test_tie_at_a_cluster_cut_is_reported_not_picked() -> None:
    entries = [entry(11, 9000, 1), entry(12, 9000, 1), entry(21, 8000, 2), entry(22, 7000, 2)]
    result = advance(entries, AdvancementRule(1, 1, 1))
    assert not result.complete
    assert result.ties == (TieAtCut(CLUSTER_TOP, 1, 1, (11, 12)),)
    assert result.team_ids == (21,)
    assert result.reserves == ()


@pytest.mark.parametrize(("tie_break", "winner"), [
    pytest.param(TieBreak(("skit",)), 12, id="by-skit"),
    pytest.param(TieBreak((), ((11, 12),)), 11, id="by-head-judge"),
])
def test_cluster_cut_tie_resolved_by_the_cascade(tie_break: TieBreak, winner: int) -> None:
    entries = [entry(11, 9000, 1, skit=4000), entry(12, 9000, 1, skit=4500), entry(21, 8000, 2)]
    result = advance(entries, AdvancementRule(1, 1), tie_break)
    assert result.complete
    assert [(a.team_id, a.reason) for a in result.advancing] == [
        (winner, CLUSTER_TOP), (21, CLUSTER_TOP), ({11, 12}.difference({winner}).pop(), BEST_RUNNER_UP)]


@pytest.mark.parametrize(("rule", "through", "tie"), [
    pytest.param(AdvancementRule(1, 1, 0), (11, 21), TieAtCut(BEST_RUNNER_UP, None, 1, (12, 22)),
                 id="runner-up-cut"),
    pytest.param(AdvancementRule(1, 2, 1, POOL_ALL), (11, 21, 12, 22), TieAtCut(RESERVE, None, 1, (13, 23)),
                 id="reserve-cut"),
])
def test_ties_at_later_cuts_are_reported(rule: AdvancementRule, through: tuple, tie: TieAtCut) -> None:
    entries = [entry(11, 9000, 1), entry(12, 8500, 1), entry(13, 8000, 1),
               entry(21, 8800, 2), entry(22, 8500, 2), entry(23, 8000, 2)]
    result = advance(entries, rule)
    assert (result.team_ids, result.ties, result.reserves) == (through, (tie,), ())


def test_small_and_empty_clusters() -> None:
    entries = [entry(11, 9000, 1), entry(12, 8000, 1), entry(13, 7000, 1), entry(21, 8500, 2)]
    result = advance(entries, AdvancementRule(2, 1), clusters=(1, 2, 3))
    assert result.complete
    assert [(a.team_id, a.reason, a.cluster) for a in result.advancing] == [
        (11, CLUSTER_TOP, 1), (12, CLUSTER_TOP, 1), (21, CLUSTER_TOP, 2), (13, BEST_RUNNER_UP, 1)]


def test_no_teams_at_all() -> None:
    result = advance([], AdvancementRule(1, 2, 3), clusters=(1, 2))
    assert (result.advancing, result.reserves, result.complete) == ((), (), True)


@pytest.mark.parametrize("make", [
    pytest.param(lambda: AdvancementRule(-1), id="negative"),
    pytest.param(lambda: AdvancementRule(1, runner_up_pool="best"), id="unknown-pool"),
])
def test_invalid_rules(make) -> None:
    with pytest.raises(DomainError):
        make()


# --- properties ------------------------------------------------------------------------------
@st.composite
def contest_round(draw) -> tuple[list[Entry], AdvancementRule]:
    k, n_clusters = draw(st.integers(0, 2)), draw(st.integers(1, 4))
    pool_kind = draw(st.sampled_from([POOL_NEXT_PLACE, POOL_ALL]))
    entries, team_id = [], 0
    for cluster in range(1, n_clusters + 1):
        for _ in range(draw(st.integers(k + 1, k + 4))):
            team_id += 1
            entries.append(entry(team_id, draw(st.integers(0, 4)) * 100, cluster))
    pool_size = n_clusters if pool_kind == POOL_NEXT_PLACE else len(entries) - k * n_clusters
    rule = AdvancementRule(k, draw(st.integers(0, pool_size)), draw(st.integers(0, 3)), pool_kind)
    return entries, rule


def assert_counts(entries: list[Entry], rule: AdvancementRule, result) -> None:
    tops = Counter(a.cluster for a in result.advancing if a.reason == CLUSTER_TOP)
    assert all(tops[e.cluster] == rule.per_cluster for e in entries)
    assert sum(a.reason == BEST_RUNNER_UP for a in result.advancing) == rule.best_runners_up
    chosen = [a.team_id for a in (*result.advancing, *result.reserves)]
    assert len(chosen) == len(set(chosen))


@settings(deadline=None, max_examples=200)
@given(contest_round(), st.data())
def test_exactly_k_per_cluster_plus_m_when_ties_are_decided(round_, data) -> None:
    entries, rule = round_
    decision = tuple(data.draw(st.permutations([e.team_id for e in entries])))
    tie_break = TieBreak((), (decision,))
    result = advance(entries, rule, tie_break)
    assert result.complete
    assert_counts(entries, rule, result)
    pool = len(entries) - rule.per_cluster * len({e.cluster for e in entries})
    if rule.runner_up_pool == POOL_NEXT_PLACE:
        pool = len({e.cluster for e in entries})
    assert len(result.reserves) == min(rule.reserves, pool - rule.best_runners_up)
    rankings = rank_by_cluster(entries, tie_break)
    for a in result.advancing:
        if a.reason == CLUSTER_TOP:
            assert rankings[a.cluster].team_ids.index(a.team_id) < rule.per_cluster


@settings(deadline=None, max_examples=200)
@given(contest_round())
def test_undecided_ties_are_either_absent_or_reported(round_) -> None:
    entries, rule = round_
    result = advance(entries, rule)
    if result.complete:
        assert_counts(entries, rule, result)
    tops = {a.team_id for a in result.advancing if a.reason == CLUSTER_TOP}
    for ranking in rank_by_cluster(entries).values():
        in_ranks = {r.rank for r in ranking.rows if r.team_id in tops}
        assert not in_ranks & {r.rank for r in ranking.rows if r.team_id not in tops}  # never split a tie
    by_id = {e.team_id: e for e in entries}
    for tie in result.ties:
        assert len({by_id[t].total for t in tie.team_ids}) == 1
        assert 1 <= tie.slots < len(tie.team_ids)
