"""The organiser's forms (a new Konvoi, an invitation) and the member firm's (joining, sharing a round)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..konvois import KONVOI_NAME_LENGTH, MOST_ROUNDS, NAME_LENGTH
from ..forms import Form


class KonvoiForm(Form):
    organisation = SelectField(_l("Organisation"), validators=[InputRequired()])
    name = StringField(_l("Name of the Konvoi"), validators=[
        InputRequired(message=_l("Please give the Konvoi a name.")), Length(max=KONVOI_NAME_LENGTH)])
    check = SelectField(_l("Check"), validators=[InputRequired()])
    language = SelectField(_l("Language of the mail"), choices=[("de", "Deutsch"), ("en", "English")])
    first_on = DateField(_l("First round opens on"), validators=[InputRequired(message=_l("Please give a date."))])
    every_months = IntegerField(_l("Months between rounds"), default=3, validators=[NumberRange(1, 12)])
    rounds = IntegerField(_l("Number of rounds"), default=4, validators=[NumberRange(1, MOST_ROUNDS)])
    open_days = IntegerField(_l("Days each round stays open"), default=21, validators=[NumberRange(1, 90)])


class InviteForm(Form):
    email = StringField(_l("E-mail address of the firm"), validators=[
        InputRequired(message=_l("Please give an e-mail address.")), Length(max=254)])


class JoinForm(Form):
    display_name = StringField(_l("Your name in the group (e.g. “Bäckerei aus Stendal”)"), validators=[
        InputRequired(message=_l("Please choose a name for the group.")), Length(max=NAME_LENGTH)])
    email = StringField(_l("E-mail address for the round mail (optional)"), validators=[Optional(), Length(max=254)])
    mail = BooleanField(_l("Yes, send me an e-mail when a round opens and before it ends."))
    statistics = BooleanField(_l("Yes, my results may also be counted, without my name, in anonymous statistics."))
    agree = BooleanField(_l("I have read how the Konvoi handles my data and agree."),
                         validators=[InputRequired(message=_l("Please agree to take part."))])


class ShareForm(Form):
    sharing = RadioField(_l("What the group sees of this round"), choices=[
        ("nothing", _l("Only that we took part")), ("levels", _l("Our level per area")),
        ("scores", _l("Our points per area (and level)"))], default="nothing", validate_choice=False)
    # Lengths and choices are checked by app/konvois.py share(), which counts a line break once, as the browser does.
    done_note = TextAreaField(_l("What we did since the last round"))
    next_note = TextAreaField(_l("What we plan next"))
