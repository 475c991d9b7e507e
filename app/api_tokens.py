"""API tokens: an organisation's admin makes one for a script, sees it once, and can revoke it.

Only the SHA-256 hash of the secret is stored; a token is found by its hash (an indexed
equality, so no secret is ever compared character by character in Python). A token reads
only its own organisation's published aggregates (scope "aggregates").
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select

from . import audit
from .answering.answer_form import clean_text
from .extensions import db
from .models import Account, ApiToken, Organisation, today, utcnow

PREFIX = "dgc_"
REVOKED_DAYS = 365  # a revoked token's row (its name and dates) is kept this long, as the audit log is


class ApiTokenError(ValueError):
    """A token that cannot be made (a name too long or empty)."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(organisation: Organisation, name: str, *, created_by: Account | None = None) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and stored nowhere."""
    name = clean_text(name) or ""  # without control characters: PostgreSQL refuses a NUL, and it was a 500
    if not name or len(name) > 100:
        raise ApiTokenError("a token needs a name of 1 to 100 characters")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(organisation_id=organisation.id, name=name, token_hash=_hash(secret), scope="aggregates",
                     created_by_id=created_by.id if created_by is not None else None)
    db.session.add(token)
    db.session.flush()
    audit.record("api_token_created", account=created_by, organisation=organisation, token=token.id)
    return token, secret


def find_active(secret: str) -> ApiToken | None:
    """The token with this secret if it is not revoked; its day of last use is noted."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    found = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret),
                                                     ApiToken.revoked_at.is_(None)))
    if found is not None and found.last_used_on != today():
        found.last_used_on = today()
    return found


def revoke(token: ApiToken, *, by: Account | None = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token_revoked", account=by, organisation=token.organisation, token=token.id)


def of(organisation: Organisation) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.organisation_id == organisation.id)
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def purge(*, dry_run: bool = False, days: int = REVOKED_DAYS) -> int:
    """Tokens revoked more than `days` ago deleted (or only counted); how many."""
    old = ApiToken.revoked_at < utcnow() - timedelta(days=days)
    count = db.session.scalar(select(func.count()).select_from(ApiToken).where(old)) or 0
    if not dry_run:
        db.session.execute(delete(ApiToken).where(old))
    return count
