"""The administrator's forms: a body, an account in a body, a role granted in a body."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from contest.organizer.form_base import Form, choices

ROLES = [("organizer", _l("Organizer")), ("head_judge", _l("Head judge")), ("secretary", _l("Secretary"))]
ROLE_CHOICES = choices(ROLES)


def role_labels() -> dict[str, str]:
    return {role: str(label) for role, label in ROLES}


class BodyForm(Form):
    slug = StringField(_l("Address (slug)"), validators=[InputRequired(), Length(max=80)])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=300)])
    parent = SelectField(_l("Under"), validators=[Optional()])
    level = StringField(_l("Level"), validators=[Optional(), Length(max=60)])


class AccountForm(Form):
    username = StringField(_l("Username"), validators=[InputRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="organizer")


class GrantForm(Form):
    username = StringField(_l("Username"), validators=[InputRequired(), Length(max=80)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="organizer")
