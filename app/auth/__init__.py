"""Sign-in, the account page and invitations: Flask-Security-Too's views plus our own few."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, current_app, request
from flask_babel import gettext as _
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
    app.before_request(_passkeys_only_at_their_domain)
    user_authenticated.connect(_signed_in, app)
    user_failed_authn.connect(_failed, app)


def _passkeys_only_at_their_domain() -> None:
    """A passkey is bound to one domain (DIGICHECK_WEBAUTHN_RP_ID); elsewhere the browser would refuse it obscurely."""
    if not (request.endpoint or "").startswith("security.wan_"):
        return
    domain = current_app.config["DIGICHECK_WEBAUTHN_RP_ID"]
    if request.host.split(":")[0] != domain:
        abort(400, description=_("Passkeys work only at %(domain)s. Please open this site there, or sign in with "
                                 "your password and code.", domain=domain))


def _signed_in(_app: Flask, user: Any, authn_via: list[str] | None = None, **_: Any) -> None:
    audit.record("sign_in", account=user, via="+".join(authn_via or ()))


def _failed(_app: Flask, user: Any, auth_type: str = "", tfa: bool = False, **_: Any) -> None:
    audit.record("sign_in_failed", account=user, via=auth_type, second_factor=tfa)


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
