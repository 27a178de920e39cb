"""Prizes: tiers by rank, best-in-part prizes, and the audience favourite.

Boundary: pure rules over a ``ranking.Ranking``, ``ranking.Entry`` values and vote counts; no Flask,
no SQLAlchemy, no I/O. Works the same for a cluster's prizes and for the final's.

Tiers are positional. With counts Nhất 1, Nhì 2, Ba 3, Khuyến khích 5 the tiers cover places 1,
2-3, 4-6 and 7-11, and a team gets the tier containing its rank (standard competition ranking, so
ties are already shared ranks). Teams sharing a rank share the tier of that rank, which is the better
tier when the tie straddles a boundary; the extra winners use up places of the following tiers (two
teams tied first: both Nhất, the next team is third and gets Nhì, so one Nhì is awarded; three tied
first: no Nhì at all). The total number of prizes therefore stays the sum of the counts, except when
a tie straddles the end of the last tier: every tied team then gets that last tier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from contest.domain.errors import DomainError
from contest.domain.ranking import Entry, Ranking


@dataclass(frozen=True)
class PrizeTier:
    """A prize tier and how many places it covers, e.g. PrizeTier("Nhì", 2)."""

    name: str
    count: int


@dataclass(frozen=True)
class Award:
    team_id: int
    tier: str
    rank: int


@dataclass(frozen=True)
class PartPrize:
    """A best-in-part prize, e.g. PartPrize("Tiểu phẩm xuất sắc nhất", "skit")."""

    name: str
    part_code: str


@dataclass(frozen=True)
class PartAward:
    """Winners of a part prize (several when tied; none when nobody has that part scored)."""

    name: str
    part_code: str
    team_ids: tuple[int, ...]
    centipoints: Fraction | None


@dataclass(frozen=True)
class AudienceAward:
    """Audience favourite from the votes only (never the judges' scores); ties share the prize."""

    team_ids: tuple[int, ...]
    votes: int


def award_tiers(ranking: Ranking, tiers: Sequence[PrizeTier]) -> tuple[Award, ...]:
    """Awards in standings order; teams beyond the last tier's last place get nothing."""
    if any(t.count < 0 for t in tiers) or len({t.name for t in tiers}) != len(tiers):
        raise DomainError("prizes_bad_tiers", "Tier counts must be non-negative and names unique.")
    ends: list[tuple[int, str]] = []
    last_place = 0
    for tier in tiers:
        last_place += tier.count
        if tier.count:
            ends.append((last_place, tier.name))
    awards = []
    for row in ranking.rows:
        tier_name = next((name for end, name in ends if row.rank <= end), None)
        if tier_name is None:
            break
        awards.append(Award(row.team_id, tier_name, row.rank))
    return tuple(awards)


def award_part_prize(prize: PartPrize, entries: Iterable[Entry]) -> PartAward:
    """The team(s) with the highest score in the prize's part (the net part score, as ranked)."""
    scored = [(e.parts[prize.part_code], e.team_id) for e in entries if prize.part_code in e.parts]
    if not scored:
        return PartAward(prize.name, prize.part_code, (), None)
    best = max(value for value, _ in scored)
    winners = tuple(sorted(team_id for value, team_id in scored if value == best))
    return PartAward(prize.name, prize.part_code, winners, Fraction(best))


def audience_favourite(votes: Mapping[int, int]) -> AudienceAward:
    """The most-voted team(s); no winner when nobody has a vote."""
    if any(count < 0 for count in votes.values()):
        raise DomainError("prizes_negative_votes", "Vote counts cannot be negative.")
    most = max(votes.values(), default=0)
    if most == 0:
        return AudienceAward((), 0)
    return AudienceAward(tuple(sorted(t for t, count in votes.items() if count == most)), most)
