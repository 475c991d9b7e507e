"""Sign-in, the account page and invitations: Flask-Security-Too's views plus our own few."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l
from flask_security.signals import user_authenticated, user_failed_authn

from .. import audit
from ..mail import init_mail
from .setup import init_security

bp = Blueprint("auth", __name__)
ROLE_NAMES = {"admin": _l("administrator"), "consultant": _l("consultant"), "analyst": _l("analyst")}


def init_auth(app: Flask) -> None:
    init_mail(app)
    init_security(app)
    app.register_blueprint(bp)
    app.jinja_env.globals["role_names"] = ROLE_NAMES
    user_authenticated.connect(_signed_in, app)
    user_failed_authn.connect(_failed, app)


def _signed_in(_app: Flask, user: Any, authn_via: list[str] | None = None, **_: Any) -> None:
    audit.record("sign_in", account=user, via="+".join(authn_via or ()))


def _failed(_app: Flask, user: Any, auth_type: str = "", tfa: bool = False, **_: Any) -> None:
    audit.record("sign_in_failed", account=user, via=auth_type, second_factor=tfa)


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
