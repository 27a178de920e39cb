"""Over-time penalties: how many centipoints a performance loses for running past its limit.

Pure rules, as in ``scoring``: the secretary's stage timer gives the overrun, the part's configured
rule gives the deduction, and the result is stored as an ordinary penalty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contest.domain.errors import DomainError


@dataclass(frozen=True)
class OvertimeBand:
    """Deduct ``centipoints`` when the overrun is below ``below_seconds`` (None: no bound)."""

    below_seconds: int | None
    centipoints: int


@dataclass(frozen=True)
class OvertimeRule:
    """Either ascending bands ending with an unbounded one ("under 60 s: 0.25; from 60 s: 0.5"),
    or ``per_started_unit`` centipoints for every started ``unit_seconds`` ("1 per started minute")."""

    bands: tuple[OvertimeBand, ...] = ()
    per_started_unit: int = 0
    unit_seconds: int = 60

    def __post_init__(self) -> None:
        if self.bands:
            rows = [(b.below_seconds, b.centipoints) for b in self.bands]
            valid = band_error(rows) is None and not self.per_started_unit
        else:
            valid = self.per_started_unit > 0 and self.unit_seconds > 0
        if not valid:
            raise DomainError("scoring_bad_overtime_rule",
                              "Overtime needs ascending bands ending unbounded, or an amount per unit.")


def band_error(rows: Sequence[tuple[int | None, int]]) -> DomainError | None:
    """What is wrong with bands given as (overrun below N seconds or None for "any longer",
    centipoints deducted), or None. The one check of a band list: the organizer's form shows the
    precise fault, ``OvertimeRule`` refuses any."""
    if not rows:
        return DomainError("penalty_no_bands", "Give at least one band.", field="bands")
    bounds = [below for below, _points in rows]
    inner = bounds[:-1]
    if bounds[-1] is not None or None in inner:
        return DomainError("penalty_last_band_open", "Only the last band is open-ended.", field="bands")
    if inner != sorted(set(inner)) or any(b <= 0 for b in inner):
        return DomainError("penalty_bands_order", "Band limits must increase.", field="bands")
    if any(points <= 0 for _below, points in rows):
        return DomainError("penalty_not_positive", "A deduction must be more than zero.", field="bands")
    return None


def overtime_penalty(rule: OvertimeRule, over_seconds: int) -> int:
    """Centipoints deducted for running ``over_seconds`` past the limit (0 when not over)."""
    if over_seconds <= 0:
        return 0
    for band in rule.bands:
        if band.below_seconds is None or over_seconds < band.below_seconds:
            return band.centipoints
    return -(-over_seconds // rule.unit_seconds) * rule.per_started_unit
