"""Prizes: tiers with shared ranks, part prizes, the audience favourite."""

from fractions import Fraction

import pytest

from contest.domain.errors import DomainError
from contest.domain.prizes import (
    AudienceAward,
    PartAward,
    PartPrize,
    PrizeTier,
    audience_favourite,
    award_part_prize,
    award_tiers,
)
from contest.domain.ranking import Entry, TieBreak, rank, rank_by_cluster

HANOI_TIERS = (PrizeTier("Nhất", 1), PrizeTier("Nhì", 2), PrizeTier("Ba", 3), PrizeTier("Khuyến khích", 5))
N, H, B, K = "Nhất", "Nhì", "Ba", "Khuyến khích"


def ranking_of(*totals: int):
    """Team i+1 gets totals[i] centipoints."""
    return rank([Entry(i, Fraction(t)) for i, t in enumerate(totals, start=1)])


TWELVE = [1200 - 100 * i for i in range(12)]


@pytest.mark.parametrize(("totals", "tiers"), [
    pytest.param(TWELVE, [N, H, H, B, B, B, K, K, K, K, K], id="no-ties-11-prizes"),
    pytest.param([1200, 1200, *TWELVE[2:]], [N, N, H, B, B, B, K, K, K, K, K], id="two-tied-first-one-nhi"),
    pytest.param([1200, 1200, 1200, *TWELVE[3:]], [N, N, N, B, B, B, K, K, K, K, K],
                 id="three-tied-first-no-nhi"),
    pytest.param([*TWELVE[:2], 900, 900, *TWELVE[4:]], [N, H, H, H, B, B, K, K, K, K, K],
                 id="tie-across-nhi-ba-gets-nhi"),
    pytest.param([*TWELVE[:10], 100, 100], [N, H, H, B, B, B, K, K, K, K, K, K],
                 id="tie-across-the-last-place-all-get-it"),
    pytest.param([500, 400], [N, H], id="fewer-teams-than-prizes"),
    pytest.param([500] * 4, [N, N, N, N], id="all-tied"),
    pytest.param([], [], id="no-teams"),
])
def test_prize_tiers(totals: list[int], tiers: list[str]) -> None:
    awards = award_tiers(ranking_of(*totals), HANOI_TIERS)
    assert [(a.team_id, a.tier) for a in awards] == list(enumerate(tiers, start=1))


def test_award_carries_the_rank() -> None:
    awards = award_tiers(ranking_of(900, 900, 800), HANOI_TIERS)
    assert [(a.team_id, a.tier, a.rank) for a in awards] == [(1, N, 1), (2, N, 1), (3, H, 3)]


def test_zero_count_tier_is_skipped() -> None:
    tiers = (PrizeTier("Xuất sắc", 0), PrizeTier(N, 1), PrizeTier(H, 1))
    assert [a.tier for a in award_tiers(ranking_of(900, 800, 700), tiers)] == [N, H]


def test_cluster_prizes_from_cluster_rankings() -> None:
    entries = [Entry(1, Fraction(900), cluster=6), Entry(2, Fraction(950), cluster=6),
               Entry(3, Fraction(990), cluster=5)]
    by_cluster = rank_by_cluster(entries, TieBreak())
    first = {c: award_tiers(r, (PrizeTier("Nhất cụm", 1),)) for c, r in by_cluster.items()}
    assert {c: [a.team_id for a in awards] for c, awards in first.items()} == {6: [2], 5: [3]}


@pytest.mark.parametrize("tiers", [
    pytest.param((PrizeTier(N, -1),), id="negative-count"),
    pytest.param((PrizeTier(N, 1), PrizeTier(N, 2)), id="duplicate-name"),
])
def test_invalid_tiers(tiers: tuple[PrizeTier, ...]) -> None:
    with pytest.raises(DomainError):
        award_tiers(ranking_of(1), tiers)


BEST_SKIT = PartPrize("Tiểu phẩm xuất sắc nhất", "skit")


@pytest.mark.parametrize(("entries", "winners", "score"), [
    pytest.param([Entry(1, Fraction(9000), {"skit": Fraction(4500)}),
                  Entry(2, Fraction(9500), {"skit": Fraction(4300)})], (1,), Fraction(4500),
                 id="best-skit-need-not-be-best-total"),
    pytest.param([Entry(1, Fraction(9000), {"skit": Fraction(4500)}),
                  Entry(2, Fraction(9500), {"skit": Fraction(4500)}), Entry(3, Fraction(1))],
                 (1, 2), Fraction(4500), id="tie-shared"),
    pytest.param([Entry(1, Fraction(9000), {"greeting": Fraction(1800)})], (), None, id="nobody-scored"),
])
def test_part_prize(entries: list[Entry], winners: tuple[int, ...], score: Fraction | None) -> None:
    assert award_part_prize(BEST_SKIT, entries) == PartAward(BEST_SKIT.name, "skit", winners, score)


@pytest.mark.parametrize(("votes", "award"), [
    pytest.param({1: 120, 2: 340, 3: 90}, AudienceAward((2,), 340), id="most-votes"),
    pytest.param({1: 340, 2: 340, 3: 90}, AudienceAward((1, 2), 340), id="tie-shared"),
    pytest.param({1: 0, 2: 0}, AudienceAward((), 0), id="no-votes-no-winner"),
    pytest.param({}, AudienceAward((), 0), id="vote-not-opened"),
])
def test_audience_favourite(votes: dict[int, int], award: AudienceAward) -> None:
    assert audience_favourite(votes) == award


def test_negative_votes_are_refused() -> None:
    with pytest.raises(DomainError):
        audience_favourite({1: -1})
