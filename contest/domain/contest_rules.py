"""Contest setup rules: what makes a round, a cluster, a part, a rubric, the ranking rules and
the prize tiers valid.

Boundary: pure checks over plain values (points are integer centipoints, durations seconds).
No Flask, no SQLAlchemy, no I/O. Each check returns the cleaned value or raises ``DomainError``
with a stable code and parameters; the UI turns the code into a Vietnamese sentence.

Decisions worth knowing:
- A part's step must divide its maximum, so a judge can always give the maximum.
- A rubric's criteria maxima add up exactly to the part's maximum (as ``scoring.JudgedPart``
  requires): a judge's part score is the sum of the criteria, so any other sum would make the
  part's maximum a lie. Each criterion maximum is also a multiple of the step.
- A secretary-marked part (quiz) has no rubric; its maximum is questions × points per question.
- A contest has at most one preliminary and one final round; clusters belong to the preliminary.
"""

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from contest.domain.errors import DomainError
from contest.domain.names import clean_name, name_key
from contest.domain.overtime import band_error

# Mirrors contest/models/contest.py (a test keeps them equal; the domain cannot import models).
ROUND_KINDS = ("preliminary", "final")
SCORING_MODES = ("panel", "secretary")
AGGREGATIONS = ("mean", "trimmed")
PRIZE_KINDS = ("rank", "part", "audience")
TIE_FALLBACKS = ("head_judge", "shared")
PENALTY_KINDS = ("bands", "per_minute")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_TIME_LIMIT = 3 * 3600
# Contest addresses that are organizer pages themselves (/organizer/contests/new).
RESERVED_SLUGS = frozenset({"new"})
MAX_WEIGHT_PERCENT = 1000


def slugify(text: str, max_length: int = 80) -> str:
    """"Vòng sơ khảo" -> "vong-so-khao": diacritics dropped, đ as d, dashes between words."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:max_length].rstrip("-")


def check_slug(slug: str, field: str = "slug") -> str:
    if not slug or len(slug) > 80 or not SLUG.match(slug):
        raise DomainError("setup_bad_slug", "Use lower-case letters, digits and dashes.", field=field, value=slug)
    return slug


def check_code(code: str, taken: Collection[str], field: str = "code") -> str:
    """A short identifier (e.g. "skit") used by tie-break rules and prizes."""
    code = code.strip().lower()
    if not code or len(code) > 40 or not CODE.match(code):
        raise DomainError("setup_bad_code", "Use lower-case letters, digits and underscores.", field=field,
                          value=code)
    if code in taken:
        raise DomainError("setup_code_taken", "This code is already used.", field=field, value=code)
    return code


def _in_range(value: int | None, lo: int, hi: int, field: str) -> int:
    if value is None or not lo <= value <= hi:
        raise DomainError("setup_out_of_range", "Outside the allowed range.", field=field, lo=lo, hi=hi)
    return value


@dataclass(frozen=True)
class ContestInfo:
    name: str
    slug: str
    year: int
    organizer_body: str = ""
    place: str = ""
    description: str = ""
    listed: bool = True


def check_contest_info(info: ContestInfo, taken_slugs: Collection[str]) -> ContestInfo:
    slug = check_slug(info.slug)
    if slug in taken_slugs or slug in RESERVED_SLUGS:
        raise DomainError("setup_slug_taken", "Another contest uses this address.", field="slug", value=slug)
    return replace(
        info, slug=slug, year=_in_range(info.year, 2000, 2100, "year"),
        name=clean_name(info.name, "name", 300),
        organizer_body=_optional(info.organizer_body, "organizer_body", 300),
        place=_optional(info.place, "place", 200),
        description=info.description.strip(),
    )


def _optional(text: str | None, field: str, max_length: int = 200) -> str:
    text = (text or "").strip()
    return clean_name(text, field, max_length) if text else ""


@dataclass(frozen=True)
class RoundSpec:
    name: str
    slug: str
    kind: str
    venue: str = ""
    held_on: date | None = None


def check_round(spec: RoundSpec, others: Iterable[tuple[str, str]]) -> RoundSpec:
    """``others``: (slug, kind) of the contest's other rounds."""
    others = list(others)
    if spec.kind not in ROUND_KINDS:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="kind", value=spec.kind)
    if spec.kind in {kind for _slug, kind in others}:
        raise DomainError("round_kind_taken", "The contest already has a round of this kind.", field="kind",
                          kind=spec.kind)
    slug = check_slug(spec.slug)
    if slug in {s for s, _kind in others}:
        raise DomainError("setup_code_taken", "This code is already used.", field="slug", value=slug)
    return replace(spec, slug=slug, name=clean_name(spec.name), venue=_optional(spec.venue, "venue", 300))


@dataclass(frozen=True)
class ClusterSpec:
    name: str
    venue: str = ""
    held_on: date | None = None


def check_cluster(spec: ClusterSpec, round_kind: str, other_names: Iterable[str]) -> ClusterSpec:
    if round_kind != "preliminary":
        raise DomainError("cluster_needs_preliminary", "Only the preliminary round has clusters.")
    name = clean_name(spec.name)
    if name_key(name) in {name_key(n) for n in other_names}:
        raise DomainError("cluster_duplicate", "A cluster with this name exists.", field="name", value=name)
    return replace(spec, name=name, venue=_optional(spec.venue, "venue", 300))


def parse_duration(text: str, field: str = "time_limit") -> int | None:
    """"5" (minutes), "5:30" (minutes:seconds) or "" (no limit) -> seconds or None."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,3})(?::([0-5]\d))?", text)
    if match is None:
        raise DomainError("setup_bad_duration", "Write minutes, or minutes:seconds.", field=field, value=text)
    seconds = int(match[1]) * 60 + int(match[2] or 0)
    return None if seconds == 0 else _in_range(seconds, 1, MAX_TIME_LIMIT, field)


def penalty_bands(rows: Sequence[tuple[int | None, int]]) -> dict:
    """Bands as (overrun below N seconds or None for "any longer", centipoints deducted)."""
    error = band_error(rows)
    if error is not None:
        raise error
    return {"kind": "bands", "bands": [[below, points] for below, points in rows]}


def penalty_per_minute(points: int | None) -> dict:
    """A deduction for every started minute over the limit."""
    if points is None or points <= 0:
        raise DomainError("penalty_not_positive", "A deduction must be more than zero.", field="per_minute")
    return {"kind": "per_minute", "points": points}


@dataclass(frozen=True)
class PartSpec:
    code: str
    name: str
    position: int
    max_points: int
    step: int
    scoring_mode: str = "panel"
    weight_percent: int = 100
    time_limit_seconds: int | None = None
    penalty_rule: dict | None = None
    quiz_questions: int | None = None
    quiz_points_per_question: int | None = None


def check_part(spec: PartSpec, other_codes: Collection[str], criteria_maxima: Sequence[int] = ()) -> PartSpec:
    """Check one part of a round; ``criteria_maxima`` are those of its current rubric."""
    code = check_code(spec.code, other_codes)
    if spec.max_points <= 0:
        raise DomainError("part_max_not_positive", "The maximum must be more than zero.", field="max_points")
    if spec.step <= 0:
        raise DomainError("part_step_not_positive", "The step must be more than zero.", field="step")
    if spec.max_points % spec.step:
        raise DomainError("part_step_not_divisor", "The step must divide the maximum.", field="step",
                          step=spec.step, max=spec.max_points)
    if spec.scoring_mode not in SCORING_MODES:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="scoring_mode", value=spec.scoring_mode)
    _in_range(spec.weight_percent, 1, MAX_WEIGHT_PERCENT, "weight_percent")
    if spec.penalty_rule is not None and spec.time_limit_seconds is None:
        raise DomainError("penalty_without_time_limit", "An overtime penalty needs a time limit.",
                          field="penalty_kind")
    if spec.scoring_mode == "secretary":
        _check_quiz(spec, criteria_maxima)
    else:
        spec = replace(spec, quiz_questions=None, quiz_points_per_question=None)
        if criteria_maxima and sum(criteria_maxima) != spec.max_points:
            raise DomainError("criteria_sum_mismatch", "The criteria maxima must add up to the part maximum.",
                              field="max_points", total=sum(criteria_maxima), max=spec.max_points)
    return replace(spec, code=code, name=clean_name(spec.name), position=max(spec.position, 0))


def _check_quiz(spec: PartSpec, criteria_maxima: Sequence[int]) -> None:
    if criteria_maxima:
        raise DomainError("quiz_has_criteria", "A part marked by the secretary has no rubric.",
                          field="scoring_mode")
    questions = _in_range(spec.quiz_questions, 1, 200, "quiz_questions")
    points = spec.quiz_points_per_question
    if points is None or points <= 0:
        raise DomainError("part_max_not_positive", "The maximum must be more than zero.",
                          field="quiz_points_per_question")
    if questions * points != spec.max_points:
        raise DomainError("quiz_max_mismatch", "Questions × points must equal the maximum.", field="max_points",
                          questions=questions, points=points, total=questions * points, max=spec.max_points)


def check_criteria(part_max: int, step: int, rows: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """A rubric replaces the part's criteria at once: all rows valid, maxima summing to the part's."""
    cleaned: list[tuple[str, int]] = []
    seen: set[str] = set()
    for index, (raw_name, maximum) in enumerate(rows):
        field = f"rows-{index}"
        name = clean_name(raw_name, field, 300)
        if name_key(name) in seen:
            raise DomainError("criterion_duplicate", "Two criteria have the same name.", field=field, value=name)
        seen.add(name_key(name))
        if maximum <= 0:
            raise DomainError("part_max_not_positive", "The maximum must be more than zero.", field=field)
        if step and maximum % step:
            raise DomainError("criterion_off_step", "A criterion maximum must be a multiple of the step.",
                              field=field, step=step, max=maximum)
        cleaned.append((name, maximum))
    total = sum(m for _n, m in cleaned)
    if cleaned and total != part_max:
        raise DomainError("criteria_sum_mismatch", "The criteria maxima must add up to the part maximum.",
                          total=total, max=part_max)
    return cleaned


def parse_code_list(text: str) -> list[str]:
    """"skit, situation" or "skit; situation" -> ["skit", "situation"]."""
    return [c for c in re.split(r"[\s,;]+", (text or "").strip().lower()) if c]


@dataclass(frozen=True)
class RulesSpec:
    aggregation: str
    trim_min_judges: int
    tie_break: tuple[str, ...]
    tie_fallback: str
    advance_per_cluster: int
    advance_best_runners_up: int
    advance_reserves: int
    spread_flag_percent: int


def check_rules(spec: RulesSpec, part_codes: Collection[str]) -> RulesSpec:
    """Aggregation, tie-break order (codes of existing parts), advancement and the spread flag."""
    if spec.aggregation not in AGGREGATIONS:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="aggregation", value=spec.aggregation)
    # Dropping the highest and the lowest needs at least three judges to leave one.
    _in_range(spec.trim_min_judges, 3, 25, "trim_min_judges")
    for code in spec.tie_break:
        if code not in part_codes:
            raise DomainError("tie_break_unknown_part", "The tie-break names an unknown part.", field="tie_break",
                              part=code, known=", ".join(sorted(part_codes)) or "—")
    if len(set(spec.tie_break)) != len(spec.tie_break):
        raise DomainError("tie_break_duplicate", "A part appears twice in the tie-break.", field="tie_break")
    if spec.tie_fallback not in TIE_FALLBACKS:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="tie_fallback", value=spec.tie_fallback)
    _in_range(spec.advance_per_cluster, 0, 50, "advance_per_cluster")
    _in_range(spec.advance_best_runners_up, 0, 50, "advance_best_runners_up")
    _in_range(spec.advance_reserves, 0, 20, "advance_reserves")
    if spec.advance_per_cluster + spec.advance_best_runners_up == 0:
        raise DomainError("advance_nobody", "Nobody would go through to the final.", field="advance_per_cluster")
    _in_range(spec.spread_flag_percent, 1, 100, "spread_flag_percent")
    return spec


@dataclass(frozen=True)
class PrizeSpec:
    code: str
    name: str
    round_kind: str
    kind: str
    count: int
    part_code: str | None = None
    position: int = 0


def check_prize(spec: PrizeSpec, other_codes: Collection[str], part_codes: Collection[str]) -> PrizeSpec:
    code = check_code(spec.code, other_codes)
    if spec.round_kind not in ROUND_KINDS:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="round_kind", value=spec.round_kind)
    if spec.kind not in PRIZE_KINDS:
        raise DomainError("setup_unknown_choice", "Unknown choice.", field="kind", value=spec.kind)
    _in_range(spec.count, 1, 100, "count")
    part_code = spec.part_code or None
    if spec.kind == "part":
        if part_code is None:
            raise DomainError("prize_needs_part", "A part prize names its part.", field="part_code")
        if part_code not in part_codes:
            raise DomainError("prize_unknown_part", "Unknown part.", field="part_code", part=part_code,
                              known=", ".join(sorted(part_codes)) or "—")
    else:
        part_code = None
    return replace(spec, code=code, part_code=part_code, name=clean_name(spec.name), position=max(spec.position, 0))
