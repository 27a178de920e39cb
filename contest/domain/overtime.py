"""Over-time penalties: how many centipoints a performance loses for running past its limit.

Pure rules, as in ``scoring``: the secretary's stage timer gives the overrun, the part's configured
rule gives the deduction, and the result is stored as an ordinary penalty.
"""

from __future__ import annotations

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
            bounds = [b.below_seconds for b in self.bands]
            inner = bounds[:-1]
            valid = (bounds[-1] is None and None not in inner and inner == sorted(set(inner))
                     and not self.per_started_unit and all(b.centipoints >= 0 for b in self.bands))
        else:
            valid = self.per_started_unit > 0 and self.unit_seconds > 0
        if not valid:
            raise DomainError("scoring_bad_overtime_rule",
                              "Overtime needs ascending bands ending unbounded, or an amount per unit.")


def overtime_penalty(rule: OvertimeRule, over_seconds: int) -> int:
    """Centipoints deducted for running ``over_seconds`` past the limit (0 when not over)."""
    if over_seconds <= 0:
        return 0
    for band in rule.bands:
        if band.below_seconds is None or over_seconds < band.below_seconds:
            return band.centipoints
    return -(-over_seconds // rule.unit_seconds) * rule.per_started_unit
