"""Configuration from environment variables, with safe defaults for a laptop."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def database_url(raw: str | None, instance_path: str) -> str:
    """DATABASE_URL as hosting platforms write it, mapped to the psycopg 3 driver; SQLite by default."""
    if not raw:
        return f"sqlite:///{Path(instance_path) / 'digicheck.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


# The placeholder deploy/env.example ships: a site started with it would share its secrets with everyone.
EXAMPLE_SECRET = "change-me"


def not_the_example(variable: str, value: str) -> str:
    if value == EXAMPLE_SECRET:
        raise ValueError(f"{variable} still holds the example value {EXAMPLE_SECRET!r} of deploy/env.example: "
                         "make a secret with python3 -c 'import secrets; print(secrets.token_urlsafe(32))'")
    return value


def instance_secret(instance_path: str, name: str, *variables: str) -> str:
    """A secret every process must share: from the first of `variables` that is set, else
    generated once into instance/<name> (readable by the owner only, never in git).

    One machine can rely on the file; several machines must set the variables, identically.
    """
    for variable in variables:
        if os.environ.get(variable):
            return not_the_example(variable, os.environ[variable])
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key(instance_path: str) -> str:
    return instance_secret(instance_path, "secret_key", "SECRET_KEY", "DIGICHECK_SECRET_KEY")


def trusted_hosts(raw: str | None) -> list[str] | None:
    """DIGICHECK_TRUSTED_HOSTS="check.example.de,.example.org": the server names this site answers to.

    Any other Host header gets a 400 page, so links built from it (the private link shows
    the full address) can never name a stranger's host. A leading dot admits subdomains.
    Unset (a laptop, tests) means any well-formed name.
    """
    names = [name.strip() for name in (raw or "").split(",") if name.strip()]
    return names or None


def trusted_proxies(raw: str | None) -> int:
    """DIGICHECK_TRUSTED_PROXIES=N: how many reverse proxies stand in front of the app.

    Only then is X-Forwarded-For believed, and only the last N entries (those our own proxies
    wrote); unset or 0 means direct connections, where the header is the client's word and
    would let anyone pick the address that rate limits count.
    """
    text = (raw or "0").strip()
    if not text.isdigit():
        raise ValueError(f"DIGICHECK_TRUSTED_PROXIES must be a whole number of proxies (0, 1, 2 ...), not {raw!r}")
    return int(text)


# How often one visitor may do what, as Flask-Limiter reads them ("N per minute;M per day").
# Generous: a person never meets them, a script soon does. docs/deployment.md explains each.
LIMIT_DEFAULTS = {
    # Starting a check (or a new round) per client address: a workshop room shares one address.
    "DIGICHECK_LIMIT_START": "60 per 10 minutes;500 per day",
    # Sending a page of answers per private link: a person sends a page every few seconds at most.
    "DIGICHECK_LIMIT_ANSWERS": "60 per minute;1000 per day",
    # Single answers saved as they are given (with JavaScript), per private link: one per click or
    # typed number. Clicking through a page, changing one's mind and catching up after a lost
    # network stay far below this.
    "DIGICHECK_LIMIT_ANSWER_SAVES": "120 per minute;3000 per day",
    # Failed sign-ins (password, code, recovery code) per account and per address: a person mistypes
    # a few times; forty wrong passwords in a row meet 429s. Windows are short: throttled, never locked.
    "DIGICHECK_LIMIT_SIGN_IN_ACCOUNT": "10 per minute",
    "DIGICHECK_LIMIT_SIGN_IN_ADDRESS": "20 per minute;300 per day",
    # Password reset mails per account, and reset requests and invitation links per address.
    "DIGICHECK_LIMIT_RESET": "3 per hour",
    "DIGICHECK_LIMIT_INVITATION": "30 per hour",
    # Opening and sending a workshop's join page (two requests a phone), per address (a room of a
    # hundred behind one address must get in) and per code; guessing one of 31^6 codes stays hopeless.
    "DIGICHECK_LIMIT_JOIN": "600 per 10 minutes;3000 per day",
    "DIGICHECK_LIMIT_JOIN_CODE": "2000 per 10 minutes",
    # API calls per token (a script fetching every table of every quarter stays far below), and
    # calls with an unknown or revoked token per address (guessing a token is hopeless anyway).
    "DIGICHECK_LIMIT_API": "60 per minute;5000 per day",
    "DIGICHECK_LIMIT_API_BAD_TOKEN": "30 per minute;300 per day",
}


def load_config(instance_path: str, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    overrides = dict(overrides or {})
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": database_url(os.environ.get("DATABASE_URL"), instance_path),
        "DIGICHECK_QUESTIONNAIRES": os.environ.get("DIGICHECK_QUESTIONNAIRES") or None,
        # A demo server (./manage.sh serve): comparisons use the demo rows only, and every page says so.
        "DIGICHECK_DEMO": os.environ.get("DIGICHECK_DEMO") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS (every real deployment) set DIGICHECK_HTTPS=1; plain http://127.0.0.1 needs it off.
        "SESSION_COOKIE_SECURE": os.environ.get("DIGICHECK_HTTPS") == "1",
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # The address people reach this site at, for links made outside a request (invitations from the CLI).
        "DIGICHECK_BASE_URL": os.environ.get("DIGICHECK_BASE_URL") or None,
        # The domain passkeys are bound to (WebAuthn's relying-party id): a name, never an IP address.
        "DIGICHECK_WEBAUTHN_RP_ID": os.environ.get("DIGICHECK_WEBAUTHN_RP_ID") or "localhost",
        "TRUSTED_HOSTS": trusted_hosts(os.environ.get("DIGICHECK_TRUSTED_HOSTS")),
        # Our forms bring their own translated messages; WTForms' catalogue would be reloaded per form.
        "WTF_I18N_ENABLED": False,
        "TRUSTED_PROXIES": trusted_proxies(os.environ.get("DIGICHECK_TRUSTED_PROXIES")),
        # Rate limits (app/limits.py): counted in Redis, shared by all processes; unset: in this process only.
        "DIGICHECK_REDIS_URL": os.environ.get("DIGICHECK_REDIS_URL") or None,
        **{name: os.environ.get(name) or default for name, default in LIMIT_DEFAULTS.items()},
        # /metrics for Prometheus (app/metrics.py): only with this bearer token, and only from these
        # addresses when listed; without a token the address does not exist.
        "DIGICHECK_METRICS_TOKEN": os.environ.get("DIGICHECK_METRICS_TOKEN") or None,
        "DIGICHECK_METRICS_ALLOW": os.environ.get("DIGICHECK_METRICS_ALLOW") or None,
    }
    # Who runs this deployment, for the Impressum and the privacy notice (app/legal.py).
    config.update({k: v for k, v in os.environ.items() if k.startswith("DIGICHECK_OPERATOR_") and v})
    config.update(overrides)
    if config["DIGICHECK_METRICS_TOKEN"]:
        not_the_example("DIGICHECK_METRICS_TOKEN", config["DIGICHECK_METRICS_TOKEN"])
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = secret_key(instance_path)
    return config
