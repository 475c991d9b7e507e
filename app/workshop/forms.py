"""The consultant's form for a new workshop, and the participant's for joining one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..models.workshop import PACES
from ..forms import Form


class WorkshopForm(Form):
    organisation = SelectField(_l("Organisation"), validators=[InputRequired()])
    firm = StringField(_l("The firm's name"), validators=[
        InputRequired(message=_l("Please write the firm's name.")), Length(max=200)])
    check = SelectField(_l("Check"), validators=[InputRequired()])
    language = SelectField(_l("Language"), choices=[("de", "Deutsch"), ("en", "English")])
    held_on = DateField(_l("Date"), validators=[Optional()])
    pace = SelectField(_l("Pace"), choices=[(p, p) for p in PACES])


class JoinForm(Form):
    role = StringField(_l("Your role in the firm (optional, e.g. office, workshop, management)"),
                       validators=[Optional(), Length(max=40)])
