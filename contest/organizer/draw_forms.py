"""Forms of the organizer's draw pages (CSRF through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional


class SeedMixin:
    seed = StringField(
        _l("Seed"), validators=[Optional(), Length(max=200)],
        description=_l("Type the digits read from the dice or the lottery, or let the app generate one."),
    )
    draw_typed = SubmitField(_l("Draw with this seed"))
    draw_generated = SubmitField(_l("Generate a seed and draw"))


class ClusterDrawForm(SeedMixin, FlaskForm):
    stratify = BooleanField(_l("Spread unit types evenly (stratify)"), default=True)
    use_pots = BooleanField(_l("Seeded teams one per cluster (pot)"), default=True)
    separations = TextAreaField(
        _l("Teams that must not share a cluster"), validators=[Optional(), Length(max=5000)],
        description=_l("One group per line, teams separated by “;”; an optional name before “:”. "
                       "Example: Armed forces: Công an Thành phố Hà Nội; Bộ Tư lệnh Thủ đô Hà Nội"),
    )


class OrderDrawForm(SeedMixin, FlaskForm):
    pass


class PackageDrawForm(SeedMixin, FlaskForm):
    label = StringField(_l("What is drawn"), validators=[Length(max=200)],
                        description=_l("For example the part: Knowledge questions, Situations."))
    packages = TextAreaField(_l("Packages, one per line"), validators=[Length(max=5000)])


class ConfirmForm(FlaskForm):
    accept_unmet = BooleanField(_l("I accept that the separations listed above are not met"))


class RevealForm(FlaskForm):
    action = HiddenField()


class MoveForm(FlaskForm):
    team_id = SelectField(_l("Team"), coerce=int)
    cluster_id = SelectField(_l("Move to cluster"), coerce=int)
    reason = StringField(_l("Reason (goes on the audit log)"), validators=[Length(max=500)])


class PlainForm(FlaskForm):
    """A button that posts: only the CSRF token."""
