"""Who goes through to the next round: top k per cluster, the m best runners-up, r reserves.

Boundary: pure rules over ``ranking.Entry`` values; no Flask, no SQLAlchemy, no I/O. The service
applies a complete result in one step (creating the next round's entries).

Rules, in order:
1. Each cluster's top ``per_cluster`` by its ranking (the full tie-break cascade applies, including
   recorded head-judge decisions). A cluster with fewer teams sends all of them; its empty slots are
   not handed to other clusters.
2. The pool of runners-up: with ``runner_up_pool="next_place"`` the teams on the next place of each
   cluster (e.g. the cluster seconds when k = 1); with ``"all"`` every team not yet through. The pool
   is ranked across clusters by the same cascade; its best ``best_runners_up`` go through.
3. Reserves: the next ``reserves`` teams of that same pool ranking, in order (reserve 1 is called
   first; ``place`` is the rank in the pool, so reserves sharing a place are visible).

Ties at a cut are never settled silently: when teams still share a rank across a cut after the whole
cascade, the result lists the teams that are surely through, reports a ``TieAtCut`` (how many slots,
which teams compete for them) and stops there (later stages depend on who is through). The organizer
records a head-judge decision and recomputes; ``Advancement.complete`` is False until then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from contest.domain.errors import DomainError
from contest.domain.ranking import Entry, Ranking, Row, TieBreak, rank, rank_by_cluster

CLUSTER_TOP = "cluster_top"
BEST_RUNNER_UP = "best_runner_up"
RESERVE = "reserve"

POOL_NEXT_PLACE = "next_place"
POOL_ALL = "all"


@dataclass(frozen=True)
class AdvancementRule:
    """Top ``per_cluster`` of each cluster, then ``best_runners_up`` from the pool, then reserves."""

    per_cluster: int
    best_runners_up: int = 0
    reserves: int = 0
    runner_up_pool: str = POOL_NEXT_PLACE

    def __post_init__(self) -> None:
        if min(self.per_cluster, self.best_runners_up, self.reserves) < 0:
            raise DomainError("advancement_negative_count", "Counts cannot be negative.")
        if self.runner_up_pool not in (POOL_NEXT_PLACE, POOL_ALL):
            raise DomainError("advancement_unknown_pool", "Unknown runner-up pool.", pool=self.runner_up_pool)


@dataclass(frozen=True)
class Advancer:
    """A team going through (or named reserve): why, from which cluster, at which place."""

    team_id: int
    reason: str
    cluster: int | None
    place: int


@dataclass(frozen=True)
class TieAtCut:
    """Teams sharing a rank across a cut: ``slots`` places remain for these ``team_ids``."""

    stage: str
    cluster: int | None
    slots: int
    team_ids: tuple[int, ...]


@dataclass(frozen=True)
class Advancement:
    advancing: tuple[Advancer, ...]
    reserves: tuple[Advancer, ...]
    ties: tuple[TieAtCut, ...]

    @property
    def complete(self) -> bool:
        return not self.ties

    @property
    def team_ids(self) -> tuple[int, ...]:
        return tuple(a.team_id for a in self.advancing)


def cut(ranking: Ranking, n: int) -> tuple[tuple[Row, ...], tuple[int, ...]]:
    """The first ``n`` rows, unless teams sharing a rank straddle the cut: then only the rows above
    that rank, plus the ids of the tied teams."""
    rows = ranking.rows
    if n == 0 or n >= len(rows) or rows[n - 1].rank != rows[n].rank:
        return rows[:n], ()
    tied_rank = rows[n - 1].rank
    return (tuple(r for r in rows if r.rank < tied_rank),
            tuple(r.team_id for r in rows if r.rank == tied_rank))


def advance(entries: Iterable[Entry], rule: AdvancementRule, tie_break: TieBreak | None = None,
            clusters: Sequence[int] = ()) -> Advancement:
    """Apply ``rule`` to the round's entries (each with its cluster); see the module docstring."""
    tops: list[Advancer] = []
    ties: list[TieAtCut] = []
    pool: list[Entry] = []
    for cluster, ranking in rank_by_cluster(entries, tie_break, clusters).items():
        taken, tied = cut(ranking, rule.per_cluster)
        tops += [Advancer(r.team_id, CLUSTER_TOP, cluster, r.rank) for r in taken]
        if tied:
            ties.append(TieAtCut(CLUSTER_TOP, cluster, rule.per_cluster - len(taken), tied))
        pool += _pool(ranking, rule)
    if ties:
        return Advancement(tuple(tops), (), tuple(ties))
    return _from_pool(tuple(tops), rank(pool, tie_break), rule)


def _pool(ranking: Ranking, rule: AdvancementRule) -> list[Entry]:
    rest = ranking.rows[rule.per_cluster:]
    if rest and rule.runner_up_pool == POOL_NEXT_PLACE:
        rest = tuple(r for r in rest if r.rank == rest[0].rank)
    return [ranking.entries[r.team_id] for r in rest]


def _from_pool(tops: tuple[Advancer, ...], pool: Ranking, rule: AdvancementRule) -> Advancement:
    def advancer(row: Row, reason: str) -> Advancer:
        return Advancer(row.team_id, reason, row.cluster, row.rank)

    m = rule.best_runners_up
    wild, tied = cut(pool, m)
    advancing = tops + tuple(advancer(r, BEST_RUNNER_UP) for r in wild)
    if tied:
        return Advancement(advancing, (), (TieAtCut(BEST_RUNNER_UP, None, m - len(wild), tied),))
    named, tied = cut(pool, m + rule.reserves)
    reserves = tuple(advancer(r, RESERVE) for r in named[m:])
    ties = (TieAtCut(RESERVE, None, m + rule.reserves - len(named), tied),) if tied else ()
    return Advancement(advancing, reserves, ties)
