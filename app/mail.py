"""Outgoing e-mail (invitations, password resets) over the SMTP server the operator configures.

Settings come from the environment (DIGICHECK_SMTP_HOST, _PORT, _USERNAME, _PASSWORD,
_SECURITY = starttls | ssl | none, _SENDER). Without a host no mail is sent: the CLI
prints invitation links instead, and pages say that no mail went out. A server that
refuses a message is logged, never shown to the visitor as a crash.
"""

from __future__ import annotations

import logging
import os
import smtplib
from typing import Any

from flask import Flask, current_app
from flask_mail import Mail, Message

log = logging.getLogger(__name__)
mail = Mail()


def smtp_settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    host = env.get("DIGICHECK_SMTP_HOST", "")
    security = env.get("DIGICHECK_SMTP_SECURITY", "starttls")
    return {
        "MAIL_SERVER": host or None,
        "MAIL_PORT": int(env.get("DIGICHECK_SMTP_PORT") or (465 if security == "ssl" else 587)),
        "MAIL_USERNAME": env.get("DIGICHECK_SMTP_USERNAME") or None,
        "MAIL_PASSWORD": env.get("DIGICHECK_SMTP_PASSWORD") or None,
        "MAIL_USE_TLS": security == "starttls",
        "MAIL_USE_SSL": security == "ssl",
        "MAIL_DEFAULT_SENDER": env.get("DIGICHECK_SMTP_SENDER") or "digicheck@localhost",
        # Flask-Mail keeps quiet under TESTING; here a configured host decides, so tests reach a real server.
        "MAIL_SUPPRESS_SEND": False,
    }


def init_mail(app: Flask) -> None:
    for key, value in smtp_settings().items():
        app.config.setdefault(key, value)
    mail.init_app(app)


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(recipient: str, subject: str, body: str, html: str | None = None) -> bool:
    """True when the SMTP server accepted the message; False when no server is set or it failed."""
    return deliver(recipient, subject, body, html) is None


def deliver(recipient: str, subject: str, body: str, html: str | None = None) -> str | None:
    """None when the SMTP server accepted the message, otherwise why not (for the outbox to keep and retry)."""
    if not mail_configured():
        log.info("no SMTP server configured (DIGICHECK_SMTP_HOST): mail '%s' not sent", subject)
        return "no SMTP server configured (DIGICHECK_SMTP_HOST)"
    message = Message(subject=subject, recipients=[recipient], body=body, html=html)
    try:
        mail.send(message)
    except (OSError, smtplib.SMTPException, UnicodeError, ValueError) as exc:  # ValueError: an address it cannot encode
        # The log gets the kind and SMTP code only: a server's message often quotes the recipient's address.
        code = getattr(exc, "smtp_code", None)
        log.error("the SMTP server did not take mail '%s': %s%s", subject, type(exc).__name__, f" {code}" if code else "")
        return f"{type(exc).__name__}: {exc}"[:300]
    return None
