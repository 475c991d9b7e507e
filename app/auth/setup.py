"""Flask-Security-Too, wired for digicheck: invitation only, passkeys or password + TOTP.

What is switched on: sign-in (/login), passkeys (WebAuthn, as first factor and as second),
TOTP from an authenticator app as the second factor a password always needs, recovery
codes, password reset and change. What is off: self sign-up, SMS and e-mail codes,
tracking of login addresses, and the library's `users`/`roles` commands, which would
bypass invitations (the operator CLI is `digicheck accounts` and `digicheck organisations`).
"""

from __future__ import annotations

import base64
import hashlib
import io
from typing import Any

import segno
from babel import Locale
from babel.support import Translations
from flask import Flask
from flask_babel import get_locale
from flask_security import MailUtil, RoleMixin, Security, SQLAlchemyUserDatastore, Totp, WebauthnUtil
from flask_security.babel import FsDomain

from ..config import instance_secret
from ..extensions import db
from ..mail import send
from ..models import Account, Passkey
from ..security import NONCE_KEY


def security_settings(app: Flask) -> dict[str, Any]:
    totp_secret = instance_secret(app.instance_path, "totp_secret", "DIGICHECK_TOTP_SECRET")
    recovery_key = base64.urlsafe_b64encode(hashlib.sha256(("recovery:" + totp_secret).encode()).digest())
    return {
        "SECURITY_PASSWORD_HASH": "argon2",
        "SECURITY_PASSWORD_SALT": instance_secret(app.instance_path, "password_salt", "DIGICHECK_PASSWORD_SALT"),
        "SECURITY_PASSWORD_LENGTH_MIN": 12,
        "SECURITY_REGISTERABLE": False,
        "SECURITY_CONFIRMABLE": False,
        "SECURITY_TRACKABLE": False,
        "SECURITY_RECOVERABLE": True,
        "SECURITY_CHANGEABLE": True,
        "SECURITY_TWO_FACTOR": True,
        "SECURITY_TWO_FACTOR_REQUIRED": True,
        "SECURITY_TWO_FACTOR_ENABLED_METHODS": ["authenticator"],
        "SECURITY_TWO_FACTOR_RESCUE_EMAIL": False,
        "SECURITY_TOTP_SECRETS": {"1": totp_secret},
        "SECURITY_TOTP_ISSUER": "digicheck",
        "SECURITY_MULTI_FACTOR_RECOVERY_CODES": True,
        "SECURITY_MULTI_FACTOR_RECOVERY_CODES_KEYS": [recovery_key],
        "SECURITY_WEBAUTHN": True,
        "SECURITY_WAN_RP_NAME": "digicheck",
        "SECURITY_WAN_ALLOW_AS_FIRST_FACTOR": True,
        "SECURITY_WAN_ALLOW_AS_MULTI_FACTOR": True,
        "SECURITY_CLI_USERS_NAME": False,
        "SECURITY_CLI_ROLES_NAME": False,
        "SECURITY_JOIN_USER_ROLES": False,
        "SECURITY_POST_LOGIN_VIEW": "/account",
        "SECURITY_TWO_FACTOR_POST_SETUP_VIEW": "/account",
        "SECURITY_WAN_POST_REGISTER_VIEW": "/account",
        "SECURITY_SCRIPT_NONCE_KEY": NONCE_KEY,
        "SECURITY_EMAIL_SENDER": app.config.get("MAIL_DEFAULT_SENDER", "digicheck@localhost"),
    }


class SegnoTotp(Totp):
    """The QR code for authenticator apps, drawn by segno (one small library instead of qrcode + Pillow)."""

    def generate_qrcode(self, username: str, totp: str) -> str:
        buffer = io.BytesIO()
        segno.make(self.get_totp_uri(username, totp), error="m").save(
            buffer, kind="svg", scale=5, border=2, xmldecl=False, title="TOTP")
        return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


class PasskeyUtil(WebauthnUtil):
    """A passkey for signing in may live in the device itself (a laptop's fingerprint reader, a phone).

    The library asks for a "cross-platform" authenticator (a USB or NFC key) when a passkey is
    to be a first factor; browsers then never offer the built-in ones most people have, and the
    ceremony waits until it times out. Any kind is accepted here; whether a passkey sign-in
    also needs the authenticator app's code still depends on the device verifying its user.
    """

    def authenticator_selection(self, user: Any, usage: str) -> Any:
        criteria = super().authenticator_selection(user, usage)
        criteria.authenticator_attachment = None
        return criteria


class LoggedMailUtil(MailUtil):
    """The library's mails (password reset) go through app/mail.py: no SMTP set or a refusal is logged, not a 500."""

    def send_mail(self, template: str, subject: str, recipient: Any, sender: Any, body: str | None,
                  html: str | None, **kwargs: Any) -> None:
        address = recipient[1] if isinstance(recipient, tuple) else recipient
        send(str(address), str(subject), body or "", html)


class GermanDomain(FsDomain):
    """The library's German catalogue is filed under de_DE; our pages run in plain "de"."""

    def get_translations(self) -> Any:
        locale = get_locale()
        if locale is None or locale.language != "de" or locale.territory:
            return super().get_translations()
        found = self.cache.get(("de_DE", self.domain[0]))
        if found is None:
            found = self.cache[("de_DE", self.domain[0])] = Translations.load(
                self.translation_directories[0], [Locale("de", "DE")], self.domain[0])
        return found


class DigicheckSecurity(Security):
    def _check_modules(self, module: str, config_name: str) -> Any:
        """qrcode is not needed: SegnoTotp draws the code."""
        return True if module == "qrcode" else super()._check_modules(module, config_name)


security = DigicheckSecurity(totp_cls=SegnoTotp, mail_util_cls=LoggedMailUtil, webauthn_util_cls=PasskeyUtil)


def init_security(app: Flask) -> None:
    for key, value in security_settings(app).items():
        app.config.setdefault(key, value)
    datastore = SQLAlchemyUserDatastore(db, Account, RoleMixin, Passkey)
    security.init_app(app, datastore)
    security.i18n_domain = GermanDomain(app)
    app.jinja_env.globals["_fsdomain"] = security.i18n_domain.gettext
