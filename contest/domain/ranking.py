"""Standings: rank teams by total with the contest's tie-break cascade.

Boundary: pure rules over plain ``Entry`` values (built from ``scoring.TeamScore`` by
``entry_from_score`` or by hand in tests). No Flask, no SQLAlchemy, no I/O.

Cascade: higher total; then, for each configured part code in turn, the higher part score (a part
not scored yet counts below any score); then a recorded head-judge decision, which applies to a
group still tied only if one decision lists every team of that group (extra ids are ignored, so a
decision recorded in a cluster also serves a smaller tie); otherwise the group shares one rank
(standard competition ranking 1, 2, 2, 4), is listed in ``Ranking.unresolved``, and is shown in
team-id order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import groupby

from contest.domain.errors import DomainError
from contest.domain.scoring import TeamScore

# What put one team above another (``Decider.by``); otherwise ``by`` is the deciding part code.
TOTAL = "total"
HEAD_JUDGE = "head_judge"
SHARED = "shared"


@dataclass(frozen=True)
class Entry:
    """One team's figures for ranking: total and part scores in centipoints, and its cluster id."""

    team_id: int
    total: Fraction
    parts: Mapping[str, Fraction] = field(default_factory=dict)
    cluster: int | None = None


@dataclass(frozen=True)
class TieBreak:
    """The cascade: part codes in order, then recorded head-judge orderings (best first)."""

    part_codes: tuple[str, ...] = ()
    decisions: tuple[tuple[int, ...], ...] = ()

    def __post_init__(self) -> None:
        for decision in self.decisions:
            if len(set(decision)) != len(decision):
                raise DomainError("ranking_bad_decision", "A decision lists a team twice.", decision=decision)


@dataclass(frozen=True)
class Decider:
    """Between two teams, which one shows above and why (TOTAL, a part code, HEAD_JUDGE or SHARED).

    With SHARED both have the same rank; ``above``/``below`` are then only the display order."""

    above: int
    below: int
    by: str


@dataclass(frozen=True)
class Row:
    """A standings line; ``decided_by`` tells why it sits below the previous row (None on top)."""

    team_id: int
    rank: int
    total: Fraction
    cluster: int | None
    decided_by: str | None


@dataclass(frozen=True)
class Ranking:
    """Rows best first, the groups left tied after the whole cascade, and the inputs used."""

    rows: tuple[Row, ...]
    unresolved: tuple[tuple[int, ...], ...]
    entries: Mapping[int, Entry]
    tie_break: TieBreak

    @property
    def team_ids(self) -> tuple[int, ...]:
        return tuple(row.team_id for row in self.rows)

    def row(self, team_id: int) -> Row:
        for row in self.rows:
            if row.team_id == team_id:
                return row
        raise DomainError("ranking_unknown_team", "The team is not in this ranking.", team=team_id)

    def rank_of(self, team_id: int) -> int:
        return self.row(team_id).rank

    def decider(self, a: int, b: int) -> Decider:
        """Which step of the cascade orders teams ``a`` and ``b`` (any two teams, not only neighbours)."""
        ids = self.team_ids
        row_a, row_b = self.row(a), self.row(b)
        above, below = (row_a, row_b) if ids.index(a) < ids.index(b) else (row_b, row_a)
        by = _first_difference(self.entries[above.team_id], self.entries[below.team_id],
                               self.tie_break.part_codes)
        if by is None:
            by = HEAD_JUDGE if above.rank != below.rank else SHARED
        return Decider(above.team_id, below.team_id, by)


def entry_from_score(score: TeamScore, cluster: int | None = None) -> Entry:
    """The ranking figures of a scored team: total and net part scores."""
    return Entry(score.team_id, score.total, score.part_scores(), cluster)


def rank(entries: Iterable[Entry], tie_break: TieBreak | None = None) -> Ranking:
    """Rank ``entries`` by total and the tie-break cascade (see the module docstring)."""
    tie_break = tie_break or TieBreak()
    by_id = _index(entries)
    ordered = sorted(by_id.values(), key=lambda e: (_sort_key(e, tie_break.part_codes), e.team_id))
    placed: list[tuple[Entry, int]] = []
    unresolved: list[tuple[int, ...]] = []
    for _, group_iter in groupby(ordered, key=lambda e: _sort_key(e, tie_break.part_codes)):
        group = list(group_iter)
        decision = _decision_for(group, tie_break.decisions)
        first = len(placed) + 1
        if decision is not None:
            group.sort(key=lambda e: decision.index(e.team_id))
            placed += [(e, first + i) for i, e in enumerate(group)]
        else:
            placed += [(e, first) for e in group]
            if len(group) > 1:
                unresolved.append(tuple(e.team_id for e in group))
    rows = _rows(placed, tie_break.part_codes)
    return Ranking(rows, tuple(unresolved), by_id, tie_break)


def rank_by_cluster(entries: Iterable[Entry], tie_break: TieBreak | None = None,
                    clusters: Sequence[int] = ()) -> dict[int, Ranking]:
    """One ranking per cluster; ``clusters`` lists clusters to include even when they have no team."""
    groups: dict[int, list[Entry]] = {cluster: [] for cluster in clusters}
    for entry in entries:
        if entry.cluster is None:
            raise DomainError("ranking_no_cluster", "The team has no cluster.", team=entry.team_id)
        groups.setdefault(entry.cluster, []).append(entry)
    return {cluster: rank(group, tie_break) for cluster, group in groups.items()}


def _index(entries: Iterable[Entry]) -> dict[int, Entry]:
    by_id: dict[int, Entry] = {}
    for entry in entries:
        if entry.team_id in by_id:
            raise DomainError("ranking_duplicate_team", "The team is listed twice.", team=entry.team_id)
        by_id[entry.team_id] = entry
    return by_id


def _part_key(entry: Entry, code: str) -> tuple[int, Fraction]:
    """Ascending sort key for one part: scored before unscored, higher score first."""
    value = entry.parts.get(code)
    return (1, Fraction(0)) if value is None else (0, -Fraction(value))


def _sort_key(entry: Entry, part_codes: Sequence[str]) -> tuple:
    return (-Fraction(entry.total), *(_part_key(entry, code) for code in part_codes))


def _first_difference(upper: Entry, lower: Entry, part_codes: Sequence[str]) -> str | None:
    """The first cascade step (TOTAL or a part code) that separates two entries, or None."""
    if upper.total != lower.total:
        return TOTAL
    for code in part_codes:
        if _part_key(upper, code) != _part_key(lower, code):
            return code
    return None


def _decision_for(group: list[Entry], decisions: Sequence[tuple[int, ...]]) -> tuple[int, ...] | None:
    if len(group) < 2:
        return None
    ids = {e.team_id for e in group}
    return next((d for d in decisions if ids <= set(d)), None)


def _rows(placed: list[tuple[Entry, int]], part_codes: Sequence[str]) -> tuple[Row, ...]:
    rows = []
    for i, (entry, rank_) in enumerate(placed):
        by = None
        if i:
            previous, previous_rank = placed[i - 1]
            by = _first_difference(previous, entry, part_codes)
            if by is None:
                by = SHARED if previous_rank == rank_ else HEAD_JUDGE
        rows.append(Row(entry.team_id, rank_, entry.total, entry.cluster, by))
    return tuple(rows)
