"""The judge's fallback login: contest, judge code and PIN (when the QR cannot be scanned)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp


class JudgeLoginForm(FlaskForm):
    contest = SelectField(_l("Contest"), coerce=int, validate_choice=True)
    code = StringField(_l("Judge code"), validators=[DataRequired(), Length(max=20)])
    pin = PasswordField(_l("PIN"), validators=[
        DataRequired(), Regexp(r"^\s*\d{4,12}\s*$", message=_l("The PIN is made of digits only.")),
    ])
