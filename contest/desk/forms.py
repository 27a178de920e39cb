"""Desk forms (CSRF through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length


class PenaltyForm(FlaskForm):
    entry_id = SelectField(_l("Team"), coerce=int, validators=[InputRequired()])
    part_code = SelectField(_l("Part"), default="")
    amount = StringField(_l("Points deducted"), validators=[DataRequired(), Length(max=12)])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class AbsenceForm(FlaskForm):
    judge_id = IntegerField(validators=[InputRequired()])
    entry_id = IntegerField(validators=[InputRequired()])
    part_id = IntegerField(validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class UnlockForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class ReviewForm(FlaskForm):
    decision = HiddenField(validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Length(max=500)])
