"""The one adapter from stored rows to the domain's scoring inputs.

The public board (``standings``), the head judge's desk (``panel``) and the secretary's timer
(``secretary``) all read a round's rules through here, so they cannot disagree on weights,
trimming, rubrics or over-time rules.
"""

from contest.domain import scoring as sc
from contest.domain.errors import DomainError
from contest.domain.overtime import OvertimeBand, OvertimeRule
from contest.models import Contest, Judge, Part


def domain_part(part: Part, criteria: bool = False) -> sc.Part:
    """A stored part as the domain's part; ``criteria``: keep the rubric, so sheets are checked per criterion."""
    weight = sc.percent(part.weight_percent)
    if part.scoring_mode == "panel":
        rubric = tuple(sc.Criterion(str(c.id), c.max_points) for c in part.criteria) if criteria else ()
        return sc.JudgedPart(part.code, part.max_points, rubric, weight)
    return sc.QuizPart(part.code, part.quiz_questions or 0, part.quiz_points_per_question or 0, weight)


def scoring_rules(contest: Contest, parts: list[Part], panel: tuple[Judge, ...] | list[Judge],
                  criteria: bool = False) -> sc.ScoringRules:
    """The domain's rules for one panel: parts with weights, trimming from the contest."""
    trim = contest.trim_min_judges if contest.aggregation == "trimmed" else None
    return sc.ScoringRules(tuple(domain_part(p, criteria) for p in parts), tuple(j.id for j in panel), trim)


def overtime_rule(config: dict | None) -> OvertimeRule | None:
    """The part's stored rule as the domain's OvertimeRule (None: no over-time penalty)."""
    if not config:
        return None
    kind = config.get("kind")
    if kind == "bands":
        return OvertimeRule(bands=tuple(OvertimeBand(b, int(p)) for b, p in config["bands"]))
    if kind == "per_minute":
        return OvertimeRule(per_started_unit=int(config["points"]), unit_seconds=int(config.get("unit_seconds", 60)))
    raise DomainError("scoring_bad_overtime_rule", "Unknown over-time rule.", kind=kind)
