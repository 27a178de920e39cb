"""Forms for sending teams up: the parent's call, a nomination's team, picking a team or a parent."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from contest.organizer.form_base import Form
from contest.organizer.team_forms import UNIT_TYPE_CHOICES, UnitTeamForm


class CallForm(Form):
    """The call itself; the quota of each child body comes as ``quota-<body id>`` fields."""

    is_open = BooleanField(_l("Child bodies may send their teams"))
    deadline = DateTimeLocalField(_l("Deadline (Hà Nội time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])


class NominationForm(UnitTeamForm):
    unit = StringField(_l("Unit the team represents"), validators=[InputRequired(), Length(max=200)])
    unit_type = SelectField(_l("Unit type"), choices=UNIT_TYPE_CHOICES)


class PickTeamForm(Form):
    team_id = IntegerField(validators=[InputRequired()])


class PickParentForm(Form):
    parent_id = IntegerField(validators=[InputRequired()])
