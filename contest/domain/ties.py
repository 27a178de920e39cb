"""Which ties the head judge is asked to settle: only those that decide something.

Boundary: pure rules over ``ranking.Ranking`` values; no Flask, no SQLAlchemy, no I/O.

A group still tied after the whole cascade shares the places ``first .. first + size - 1``. It
matters only when a cut falls inside it: a place after which something changes (the last place of
a prize tier, the last team through to the next round, the last named reserve). Teams sharing
places 26-27 of 35 with no prize and no advancement at stake simply share the place; nobody is asked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from contest.domain.ranking import Ranking


def cut_places(tier_counts: Iterable[int], advancing: Iterable[int] = ()) -> frozenset[int]:
    """Places after which something changes: the running total of the prize tiers' counts (tiers are
    given best first: 1 first, 2 second, 3 third -> 1, 3, 6), plus the advancement counts."""
    places, total = set(), 0
    for count in tier_counts:
        total += count
        places.add(total)
    places.update(n for n in advancing if n > 0)
    return frozenset(p for p in places if p > 0)


def deciding(ranking: Ranking, cuts: Collection[int]) -> tuple[tuple[int, ...], ...]:
    """The unresolved groups of ``ranking`` that a cut falls inside (in ranking order)."""
    found = []
    for group in ranking.unresolved:
        first = ranking.rank_of(group[0])
        last = first + len(group) - 1
        if any(first <= place < last for place in cuts):
            found.append(group)
    return tuple(found)
