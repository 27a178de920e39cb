"""Forms of the results desk: the certificate template, the imported list, the bulk print."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

SOURCE_CHOICES = [("prizes", _l("Teams, one certificate per prize")),
                  ("members", _l("Team members")),
                  ("imported", _l("The imported list of people"))]
ROLE_CHOICES = [("official", _l("Official members")), ("reserve", _l("Reserves")),
                ("supporting", _l("Supporting actors"))]


class TemplateForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[InputRequired(), Length(max=2000)])
    issuer = StringField(_l("Organizing body (top left)"), validators=[Length(max=300)])
    city = StringField(_l("Place in the date line"), validators=[Length(max=100)])
    issued_on = DateField(_l("Date"), validators=[Optional()])
    signer_prefix = StringField(_l("Signing on behalf of (e.g. TM. Ban Tổ chức)"), validators=[Length(max=200)])
    signer_title = StringField(_l("Signer's title"), validators=[Length(max=300)])
    signer_name = StringField(_l("Signer's name"), validators=[Length(max=200)])
    number_prefix = StringField(_l("Register number suffix (e.g. GK-BTC; empty: no number)"),
                                validators=[Length(max=40)])
    background = FileField(_l("Background image (PNG or JPEG, A4 landscape)"))
    drop_background = BooleanField(_l("Remove the background image"))


class ImportForm(FlaskForm):
    file = FileField(_l("List of people (.xlsx or .csv)"))


class PrintForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download: nothing changes

    source = SelectField(_l("Who receives a certificate"), choices=SOURCE_CHOICES)
    prizes = SelectMultipleField(_l("Prizes (none chosen: all)"), choices=[])
    roles = SelectMultipleField(_l("Members"), choices=ROLE_CHOICES, default=["official", "reserve", "supporting"])
    prize_teams_only = BooleanField(_l("Only members of teams with a prize"))
