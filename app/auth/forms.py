"""The one form of our own around accounts: accepting an invitation with a new password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, Length
from ..forms import Form

PASSWORD_MIN = 12


class AcceptInvitationForm(Form):
    password = PasswordField(_l("Password"), validators=[
        InputRequired(message=_l("Please choose a password.")),
        Length(min=PASSWORD_MIN, max=128, message=_l("At least 12 characters, please.")),
    ])
    repeat = PasswordField(_l("Password again"), validators=[
        EqualTo("password", message=_l("The two passwords differ.")),
    ])


class ConfirmForm(Form):
    """A button with a CSRF token: for actions like "sign out everywhere"."""
