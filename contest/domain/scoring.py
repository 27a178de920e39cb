"""Part scores, penalties and team totals from the judges' score sheets.

Boundary: pure rules. Inputs are plain frozen dataclasses (team and judge ids are ints, part codes
are strings, points are integer centipoints: 1 point = 100); outputs are frozen dataclasses that
carry every figure a performance card shows. No Flask, no SQLAlchemy, no I/O: services load rows,
build these inputs, and store or push the results.

Arithmetic is exact (fractions.Fraction). With ``ScoringRules.round_parts`` (the default) each
part's weighted score is rounded half-up to whole centipoints before penalties and summation, so a
card's parts add up to its total and the ranking uses exactly the figures people see on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from math import floor

from contest.domain.errors import DomainError
from contest.domain.points import format_plain

# Status of one judge's line on a part's card.
COUNTED = "counted"
DROPPED_HIGH = "dropped_high"
DROPPED_LOW = "dropped_low"
CONFLICT = "conflict"  # judge from the competing unit: excluded, mean over the others
ABSENT = "absent"  # judge recorded as absent for this team: excluded, mean over the others
MISSING = "missing"  # sheet not in yet: the part stays pending (no score) until it arrives


@dataclass(frozen=True)
class Criterion:
    """One rubric line of a judged part; a judge gives it 0..max_centipoints."""

    code: str
    max_centipoints: int


@dataclass(frozen=True)
class JudgedPart:
    """A part scored by the panel. With criteria, their maxima must add up to the part's maximum."""

    code: str
    max_centipoints: int
    criteria: tuple[Criterion, ...] = ()
    weight: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        _check_weight(self.code, self.weight)
        if self.criteria and sum(c.max_centipoints for c in self.criteria) != self.max_centipoints:
            raise DomainError("scoring_criteria_max", "The criteria maxima must add up to the part maximum.",
                              part=self.code)


@dataclass(frozen=True)
class QuizPart:
    """A part marked by the secretary: correct answers × points per question (centipoints)."""

    code: str
    questions: int
    points_per_question: int
    weight: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        _check_weight(self.code, self.weight)


Part = JudgedPart | QuizPart


@dataclass(frozen=True)
class ScoringRules:
    """A round's scoring configuration. ``panel`` lists judge ids in seat order.

    A part's score is a trimmed mean (one highest and one lowest dropped) when the counted panel
    (panel minus conflicted and absent judges) has at least ``trim_min_judges``; otherwise the plain
    mean. ``None`` never trims.
    """

    parts: tuple[Part, ...]
    panel: tuple[int, ...]
    trim_min_judges: int | None = 5
    round_parts: bool = True

    def __post_init__(self) -> None:
        if self.trim_min_judges is not None and self.trim_min_judges < 3:
            raise DomainError("scoring_trim_min", "Trimming needs at least 3 judges.", value=self.trim_min_judges)
        if len({p.code for p in self.parts}) != len(self.parts):
            raise DomainError("scoring_duplicate_part", "Part codes must be unique.")
        if len(set(self.panel)) != len(self.panel):
            raise DomainError("scoring_duplicate_judge", "A judge sits once on a panel.")

    def part(self, code: str) -> Part:
        """The part with this code, or DomainError ``scoring_unknown_part``."""
        found = next((p for p in self.parts if p.code == code), None)
        if found is None:
            raise DomainError("scoring_unknown_part", "Unknown part.", part=code)
        return found


@dataclass(frozen=True)
class JudgeScore:
    """One judge's sheet for one part: an int, or {criterion code: centipoints} for a rubric part."""

    judge_id: int
    centipoints: int | Mapping[str, int]


@dataclass(frozen=True)
class Penalty:
    """Points deducted (positive centipoints); ``part_code`` None means the team as a whole."""

    centipoints: int
    reason: str
    part_code: str | None = None


@dataclass(frozen=True)
class TeamSheets:
    """Everything recorded for one team in a round: sheets per part, quiz marks, penalties."""

    team_id: int
    judge_scores: Mapping[str, Sequence[JudgeScore]] = field(default_factory=dict)
    quiz_correct: Mapping[str, int] = field(default_factory=dict)
    penalties: tuple[Penalty, ...] = ()
    conflicts: frozenset[int] = frozenset()
    absent: frozenset[int] = frozenset()
    # Absences recorded for one part only: {part code: judge ids}.
    absent_parts: Mapping[str, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class JudgeLine:
    """A judge's part score (sum of criteria) and what became of it."""

    judge_id: int
    centipoints: int | None
    status: str


@dataclass(frozen=True)
class PartResult:
    """A part's card. ``raw``: mean, trimmed mean or quiz points before weight and rounding;
    ``score``: weighted (rounded when configured); both None while a sheet is missing."""

    code: str
    judges: tuple[JudgeLine, ...]
    raw: Fraction | None
    score: Fraction | None
    penalty: int
    missing: tuple[int, ...] = ()
    correct: int | None = None

    @property
    def pending(self) -> bool:
        return self.score is None

    @property
    def net(self) -> Fraction | None:
        """Score minus this part's penalties; this is the part score used for tie-breaks."""
        return None if self.score is None else self.score - self.penalty


@dataclass(frozen=True)
class TeamScore:
    """A team's result: its parts, all penalties, and the total (centipoints, exact).

    The total sums the scored parts and subtracts every recorded penalty, including those of a
    part still pending: a penalty is a fact, not conditional on the judges' sheets.
    """

    team_id: int
    parts: tuple[PartResult, ...]
    penalties: tuple[Penalty, ...]
    total: Fraction

    @property
    def penalty_total(self) -> int:
        return sum(p.centipoints for p in self.penalties)

    @property
    def pending_parts(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.parts if p.pending)

    def part(self, code: str) -> PartResult:
        return next(p for p in self.parts if p.code == code)

    def part_scores(self) -> dict[str, Fraction]:
        """Net score of every scored part, by code (pending parts left out)."""
        return {p.code: p.net for p in self.parts if p.net is not None}


def round_half_up(value: Fraction | int) -> int:
    """Nearest integer, halves away from zero (centipoints in, whole centipoints out)."""
    value = Fraction(value)
    magnitude = floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def format_points(centipoints: Fraction | int) -> str:
    """Centipoints shown as points with two decimals, rounded half-up: 28375 -> "283.75"."""
    return format_plain(round_half_up(centipoints))


def percent(value: int | str | Fraction) -> Fraction:
    """A weight given as a percentage ("12,5", "12.5", 30) as an exact fraction."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    return Fraction(value) / 100


def score_team(rules: ScoringRules, sheets: TeamSheets) -> TeamScore:
    """Score every part of ``rules`` for one team and total them, penalties subtracted."""
    _check_part_codes(rules, sheets)
    parts = tuple(_score_part(part, rules, sheets) for part in rules.parts)
    scored = sum((p.score for p in parts if p.score is not None), Fraction(0))
    total = scored - sum(p.centipoints for p in sheets.penalties)
    return TeamScore(sheets.team_id, parts, sheets.penalties, total)


def judge_part_score(part: JudgedPart, score: JudgeScore) -> int:
    """A judge's score for a part: the value, or the sum of its criteria; ranges are checked."""
    value = score.centipoints
    if isinstance(value, Mapping):
        expected = {c.code: c.max_centipoints for c in part.criteria}
        if set(value) != set(expected):
            raise DomainError("scoring_criteria_mismatch", "The criteria differ from the rubric.",
                              part=part.code, judge=score.judge_id)
        for code, v in value.items():
            _check_range(v, expected[code], part.code, score.judge_id)
        return sum(value.values())
    if part.criteria:
        raise DomainError("scoring_criteria_mismatch", "This part is scored by criteria.",
                          part=part.code, judge=score.judge_id)
    _check_range(value, part.max_centipoints, part.code, score.judge_id)
    return value


def _score_part(part: Part, rules: ScoringRules, sheets: TeamSheets) -> PartResult:
    penalty = sum(p.centipoints for p in sheets.penalties if p.part_code == part.code)
    if isinstance(part, QuizPart):
        return _quiz_part(part, rules, sheets, penalty)
    lines = _judge_lines(part, rules, sheets)
    missing = tuple(line.judge_id for line in lines if line.status == MISSING)
    if missing:
        return PartResult(part.code, lines, None, None, penalty, missing)
    lines = _mark_trimmed(lines, rules.trim_min_judges)
    kept = [line.centipoints for line in lines if line.status == COUNTED]
    if not kept:
        raise DomainError("scoring_no_counted_judges", "Every judge is excluded.", part=part.code, team=sheets.team_id)
    raw = Fraction(sum(kept), len(kept))
    return PartResult(part.code, lines, raw, _weighted(raw, part.weight, rules.round_parts), penalty)


def _quiz_part(part: QuizPart, rules: ScoringRules, sheets: TeamSheets, penalty: int) -> PartResult:
    correct = sheets.quiz_correct.get(part.code)
    if correct is None:
        return PartResult(part.code, (), None, None, penalty)
    if not 0 <= correct <= part.questions:
        raise DomainError("scoring_quiz_out_of_range", "Correct answers out of range.", part=part.code,
                          correct=correct, questions=part.questions)
    raw = Fraction(correct * part.points_per_question)
    return PartResult(part.code, (), raw, _weighted(raw, part.weight, rules.round_parts), penalty,
                      correct=correct)


def _judge_lines(part: JudgedPart, rules: ScoringRules, sheets: TeamSheets) -> tuple[JudgeLine, ...]:
    values: dict[int, int] = {}
    for score in sheets.judge_scores.get(part.code, ()):
        if score.judge_id not in rules.panel:
            raise DomainError("scoring_judge_not_on_panel", "The judge is not on the panel.", judge=score.judge_id)
        if score.judge_id in values:
            raise DomainError("scoring_duplicate_sheet", "Two sheets from one judge.",
                              judge=score.judge_id, part=part.code)
        values[score.judge_id] = judge_part_score(part, score)
    lines = []
    for judge_id in rules.panel:
        value = values.get(judge_id)
        if judge_id in sheets.conflicts:
            status = CONFLICT
        elif judge_id in sheets.absent or judge_id in sheets.absent_parts.get(part.code, ()):
            status = ABSENT
        else:
            status = MISSING if value is None else COUNTED
        lines.append(JudgeLine(judge_id, value, status))
    return tuple(lines)


def _mark_trimmed(lines: tuple[JudgeLine, ...], trim_min: int | None) -> tuple[JudgeLine, ...]:
    """Mark the lowest and highest counted lines dropped when the counted panel is large enough.

    Equal values: the earliest seat is dropped as low and the latest as high (the score is the same).
    """
    counted = [i for i, line in enumerate(lines) if line.status == COUNTED]
    if trim_min is None or len(counted) < trim_min:
        return lines
    counted.sort(key=lambda i: (lines[i].centipoints, i))
    marked = list(lines)
    marked[counted[0]] = replace(lines[counted[0]], status=DROPPED_LOW)
    marked[counted[-1]] = replace(lines[counted[-1]], status=DROPPED_HIGH)
    return tuple(marked)


def _weighted(raw: Fraction, weight: Fraction, round_parts: bool) -> Fraction:
    value = raw * weight
    return Fraction(round_half_up(value)) if round_parts else value


def _check_range(value: int, maximum: int, part: str, judge: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise DomainError("scoring_out_of_range", "The score is out of range.",
                          part=part, judge=judge, value=value, max=maximum)


def _check_weight(code: str, weight: Fraction) -> None:
    if not weight > 0:
        raise DomainError("scoring_bad_weight", "A part weight must be positive.", part=code)


def _check_part_codes(rules: ScoringRules, sheets: TeamSheets) -> None:
    kinds = [*((c, JudgedPart) for c in sheets.judge_scores), *((c, QuizPart) for c in sheets.quiz_correct)]
    for code, kind in kinds:
        if not isinstance(rules.part(code), kind):
            raise DomainError("scoring_wrong_part_kind", "Sheets and quiz marks go to parts of their kind.", part=code)
    for penalty in sheets.penalties:
        if penalty.part_code is not None:
            rules.part(penalty.part_code)
        if penalty.centipoints < 0:
            raise DomainError("scoring_negative_penalty", "A penalty deducts a positive amount.", team=sheets.team_id)
