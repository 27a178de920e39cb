"""Forms for teams, the import upload and unit self-registration."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from contest.domain.teams import MemberSpec, members_text
from contest.organizer.form_base import Form as SetupForm
from contest.organizer.form_base import choices

UNIT_TYPE_CHOICES = choices([("urban_district", _l("Urban district (quận)")),
                     ("rural_district", _l("Rural district (huyện)")),
                     ("town", _l("Town (thị xã)")),
                     ("city_unit", _l("City-level unit"))])
MEMBERS_HELP = _l("One name per line.")


class UnitTeamForm(SetupForm):
    """What a unit fills in about its own team (its name and type come from the invitation)."""

    leader = StringField(_l("Team leader"), validators=[Length(max=200)])
    official = TextAreaField(_l("Official members"), render_kw={"rows": 5})
    reserve = TextAreaField(_l("Reserve members"), render_kw={"rows": 5})
    supporting = TextAreaField(_l("Supporting actors"), render_kw={"rows": 5})
    contact_name = StringField(_l("Contact person"), validators=[Length(max=200)])
    contact_phone = StringField(_l("Phone"), validators=[Length(max=40)])
    contact_email = StringField(_l("E-mail"), validators=[Length(max=200)])
    model_title = TextAreaField(_l("Title of the mobilization model presented in the skit"),
                                validators=[Length(max=400)], render_kw={"rows": 2})

    def raw(self) -> dict[str, str]:
        return {name: field.data or "" for name, field in self._fields.items() if name != "csrf_token"}

    def fill(self, data: dict) -> None:
        """Show a stored team (a Team row's fields or a submission payload)."""
        members = [MemberSpec(m["full_name"], m["role"]) for m in data.get("members", [])]
        for name, field in self._fields.items():
            if name in ("official", "reserve", "supporting"):
                field.data = members_text(members, name)
            elif name in data and name != "csrf_token":
                field.data = data[name]


class TeamForm(UnitTeamForm):
    name = StringField(_l("Unit name"), validators=[InputRequired(), Length(max=200)])
    unit_type = SelectField(_l("Unit type"), choices=UNIT_TYPE_CHOICES)
    home_cluster = StringField(_l("Home cluster"), validators=[Length(max=100)])


class ImportForm(SetupForm):
    file = FileField(_l("Import file (.xlsx or .csv)"), validators=[FileRequired()])


class WindowForm(SetupForm):
    registration_open = BooleanField(_l("Units may register online"))
    deadline = DateTimeLocalField(_l("Deadline (Hà Nội time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])


class InviteForm(SetupForm):
    unit_name = StringField(_l("Unit name"), validators=[InputRequired(), Length(max=200)])
    unit_type = SelectField(_l("Unit type"), choices=UNIT_TYPE_CHOICES)


class ReturnForm(SetupForm):
    reason = TextAreaField(_l("What should the unit correct?"), validators=[Length(max=2000)],
                           render_kw={"rows": 3})


class ActionForm(SetupForm):
    """A button that changes something: only the CSRF token."""
