"""Contest setup forms. Each form turns its fields into a domain spec (``to_spec``); points are
typed as text ("9,5" or "9.5") and parsed by the domain, which names the field when it refuses."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from contest.domain import contest_rules as rules
from contest.domain.errors import DomainError
from contest.domain.points import parse_points
from contest.organizer.form_base import Form as SetupForm
from contest.organizer.form_base import choices

ROUND_KIND_CHOICES = choices([("preliminary", _l("Preliminary round")), ("final", _l("Final round"))])
SCORING_CHOICES = choices([("panel", _l("Judge panel")), ("secretary", _l("Secretary (quiz questions)"))])
PENALTY_CHOICES = choices([("", _l("No overtime penalty")), ("bands", _l("Deduction by overrun band")),
                   ("per_minute", _l("Deduction per started minute"))])
AGGREGATION_CHOICES = choices([("trimmed", _l("Trimmed mean (drop the highest and the lowest)")),
                       ("mean", _l("Mean of all judges"))])
FALLBACK_CHOICES = choices([("head_judge", _l("The head judge decides")),
                            ("shared", _l("The teams share the rank"))])
PRIZE_KIND_CHOICES = choices([("rank", _l("By rank")), ("part", _l("Best in a part")),
                              ("audience", _l("Audience vote"))])


def points_or_none(text: str | None, field: str) -> int | None:
    text = (text or "").strip()
    return parse_points(text, field) if text else None


def required_points(text: str | None, field: str) -> int:
    return parse_points((text or "").strip() or "?", field)


class ContestForm(SetupForm):
    name = StringField(_l("Contest name"), validators=[InputRequired(), Length(max=300)])
    slug = StringField(_l("Web address"), validators=[Length(max=80)])
    organizer_body = StringField(_l("Organizing body"), validators=[Length(max=300)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    listed = BooleanField(_l("Listed on the public portal"))

    def to_spec(self) -> rules.ContestInfo:
        name, year = self.name.data or "", str(self.year.data or "")
        slug = (self.slug.data or "").strip() or rules.slugify(name if year in name else f"{name} {year}")
        return rules.ContestInfo(name=self.name.data or "", slug=slug, year=self.year.data or 0,
                                 organizer_body=self.organizer_body.data or "", place=self.place.data or "",
                                 description=self.description.data or "", listed=bool(self.listed.data))


class RulesForm(SetupForm):
    aggregation = SelectField(_l("Part score"), choices=AGGREGATION_CHOICES)
    trim_min_judges = IntegerField(_l("Trim from this many judges"), validators=[InputRequired()])
    spread_flag_percent = IntegerField(_l("Flag a gap between judges above (percent of the part maximum)"),
                                       validators=[InputRequired()])
    tie_break = StringField(_l("Tie-break order (part codes)"), validators=[Length(max=300)])
    tie_fallback = SelectField(_l("If still tied"), choices=FALLBACK_CHOICES)
    advance_per_cluster = IntegerField(_l("Best teams of each cluster"), validators=[InputRequired()])
    advance_best_runners_up = IntegerField(_l("Best runners-up across clusters"), validators=[InputRequired()])
    advance_reserves = IntegerField(_l("Reserve teams"), validators=[InputRequired()])

    def to_spec(self) -> rules.RulesSpec:
        return rules.RulesSpec(
            aggregation=self.aggregation.data, trim_min_judges=self.trim_min_judges.data,
            tie_break=tuple(rules.parse_code_list(self.tie_break.data)), tie_fallback=self.tie_fallback.data,
            advance_per_cluster=self.advance_per_cluster.data,
            advance_best_runners_up=self.advance_best_runners_up.data,
            advance_reserves=self.advance_reserves.data, spread_flag_percent=self.spread_flag_percent.data)


class RoundForm(SetupForm):
    name = StringField(_l("Round name"), validators=[InputRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=ROUND_KIND_CHOICES)
    slug = StringField(_l("Code in web addresses"), validators=[Length(max=80)])
    venue = StringField(_l("Venue"), validators=[Length(max=300)])
    held_on = DateField(_l("Date"), validators=[Optional()])

    def to_spec(self) -> rules.RoundSpec:
        slug = (self.slug.data or "").strip() or rules.slugify(self.name.data or "")
        return rules.RoundSpec(name=self.name.data or "", slug=slug, kind=self.kind.data,
                               venue=self.venue.data or "", held_on=self.held_on.data)


class ClusterForm(SetupForm):
    name = StringField(_l("Cluster name"), validators=[InputRequired(), Length(max=200)])
    venue = StringField(_l("Venue"), validators=[Length(max=300)])
    held_on = DateField(_l("Date"), validators=[Optional()])

    def to_spec(self) -> rules.ClusterSpec:
        return rules.ClusterSpec(name=self.name.data or "", venue=self.venue.data or "", held_on=self.held_on.data)


class BandForm(Form):
    below = StringField(_l("Overrun below (seconds)"))
    points = StringField(_l("Deduct (points)"))


class PartForm(SetupForm):
    name = StringField(_l("Part name"), validators=[InputRequired(), Length(max=200)])
    code = StringField(_l("Code"), validators=[InputRequired(), Length(max=40)])
    order = IntegerField(_l("Order"), validators=[InputRequired(), NumberRange(1, 50)])
    max_points = StringField(_l("Maximum points"), validators=[InputRequired()])
    step = StringField(_l("Step"), default="0.25", validators=[InputRequired()])
    weight_percent = IntegerField(_l("Weight (%)"), default=100, validators=[InputRequired()])
    scoring_mode = SelectField(_l("Scored by"), choices=SCORING_CHOICES)
    quiz_questions = IntegerField(_l("Number of questions"), validators=[Optional()])
    quiz_points = StringField(_l("Points per correct answer"))
    time_limit = StringField(_l("Time limit (minutes or m:ss)"))
    penalty_kind = SelectField(_l("Overtime penalty"), choices=PENALTY_CHOICES)
    bands = FieldList(FormField(BandForm), min_entries=3, max_entries=3)
    per_minute = StringField(_l("Deduct per started minute (points)"))

    def to_spec(self) -> rules.PartSpec:
        secretary = self.scoring_mode.data == "secretary"
        return rules.PartSpec(
            code=self.code.data or "", name=self.name.data or "", position=(self.order.data or 1) - 1,
            max_points=required_points(self.max_points.data, "max_points"),
            step=required_points(self.step.data, "step"), scoring_mode=self.scoring_mode.data,
            weight_percent=self.weight_percent.data, time_limit_seconds=rules.parse_duration(self.time_limit.data),
            penalty_rule=self.penalty_rule(),
            quiz_questions=self.quiz_questions.data if secretary else None,
            quiz_points_per_question=points_or_none(self.quiz_points.data, "quiz_points") if secretary else None)

    def penalty_rule(self) -> dict | None:
        if self.penalty_kind.data == "per_minute":
            return rules.penalty_per_minute(points_or_none(self.per_minute.data, "per_minute"))
        if self.penalty_kind.data != "bands":
            return None
        rows = []
        for band in self.bands:
            below, points = (band.below.data or "").strip(), (band.points.data or "").strip()
            if not below and not points:
                continue
            if below and not below.isdigit():
                raise DomainError("setup_out_of_range", "Seconds.", field="bands", lo=1, hi=rules.MAX_TIME_LIMIT)
            rows.append((int(below) if below else None, required_points(points, "bands")))
        return rules.penalty_bands(rows)

    def fill_penalty(self, rule: dict | None) -> None:
        """Show a stored rule in the form's fields."""
        self.penalty_kind.data = (rule or {}).get("kind", "")
        if self.penalty_kind.data == "per_minute":
            self.per_minute.data = plain_points(rule["points"])
        for band, (below, points) in zip(self.bands, (rule or {}).get("bands", []), strict=False):
            band.below.data = "" if below is None else str(below)
            band.points.data = plain_points(points)


def plain_points(centipoints: int) -> str:
    whole, cents = divmod(centipoints, 100)
    return f"{whole},{cents:02d}".rstrip("0").rstrip(",")


class CriterionRow(Form):
    name = StringField(_l("Criterion"))
    max_points = StringField(_l("Maximum points"))


class CriteriaForm(SetupForm):
    rows = FieldList(FormField(CriterionRow), min_entries=8, max_entries=12)

    def to_rows(self) -> list[tuple[str, int]]:
        result = []
        for index, row in enumerate(self.rows):
            name, maximum = (row.form.name.data or "").strip(), (row.form.max_points.data or "").strip()
            if name or maximum:
                result.append((name, required_points(maximum, f"rows-{index}")))
        return result


class PrizeForm(SetupForm):
    name = StringField(_l("Prize name"), validators=[InputRequired(), Length(max=200)])
    code = StringField(_l("Code"), validators=[Length(max=40)])
    round_kind = SelectField(_l("Round"), choices=ROUND_KIND_CHOICES)
    kind = SelectField(_l("Awarded"), choices=PRIZE_KIND_CHOICES)
    count = IntegerField(_l("Number of prizes"), default=1, validators=[InputRequired()])
    part_code = SelectField(_l("Part (for a best-in-part prize)"), choices=[])
    order = IntegerField(_l("Order"), default=1, validators=[InputRequired(), NumberRange(1, 100)])

    def to_spec(self) -> rules.PrizeSpec:
        code = (self.code.data or "").strip() or rules.slugify(self.name.data or "").replace("-", "_")
        return rules.PrizeSpec(code=code, name=self.name.data or "", round_kind=self.round_kind.data,
                               kind=self.kind.data, count=self.count.data, part_code=self.part_code.data or None,
                               position=(self.order.data or 1) - 1)


class NewContestForm(ContestForm):
    """A new contest also names the body that owns it, when its creator organizes more than one."""

    owner = SelectField(_l("Owning body"), validators=[Optional()], validate_choice=False)
