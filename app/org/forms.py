"""Forms of the organisation pages; each carries the CSRF token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from ..auth import ROLE_NAMES
from ..models.organisation import ROLES
from ..forms import Form


def role_choices() -> list[tuple[str, str]]:
    return [(role, str(ROLE_NAMES[role])) for role in ROLES]


class InviteForm(Form):
    email = EmailField(_l("E-mail address"), validators=[InputRequired(message=_l("Please enter an e-mail address.")),
                                                         Length(max=255)])
    role = SelectField(_l("Role"), choices=role_choices, validators=[InputRequired()])


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=role_choices, validators=[InputRequired()])


class EntryLinkForm(Form):
    slug = StringField(_l("Address of the page: /e/…"), validators=[
        InputRequired(message=_l("Please choose an address.")),
        Regexp(r"^[a-z0-9][a-z0-9-]{1,62}$", message=_l("2 to 63 lower-case letters, digits and hyphens."))])
    questionnaires = SelectMultipleField(_l("Checks offered"), validators=[
        InputRequired(message=_l("Please choose at least one check."))])


class LogoForm(Form):
    logo = FileField(_l("Logo (PNG, JPEG or WebP, at most 200 KiB)"))


class ApiTokenForm(Form):
    name = StringField(_l("Name (where the token is used, e.g. “monthly report”)"), validators=[
        InputRequired(message=_l("Please give the token a name.")), Length(max=100)])
