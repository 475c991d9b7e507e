"""Security events for an organisation's admin: who signed in, who was invited, who opened a shared result.

Entries hold ids and a short word, never passwords, tokens, addresses or answers. They
are deleted after AUDIT_DAYS by `digicheck assessments purge` (docs/accounts.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select

from .extensions import db
from .models import Account, AuditEvent, Organisation, utcnow

AUDIT_DAYS = 365
EVENTS = ("sign_in", "sign_in_failed", "invitation", "invitation_accepted", "role_change", "account_disabled",
          "member_removed", "result_shared", "share_revoked", "shared_result_opened", "entry_link_created", "logo_changed",
          "api_token_created", "api_token_revoked")


def record(event: str, *, account: Account | None = None, organisation: Organisation | None = None,
           **detail: Any) -> None:
    """One event; for an account in several organisations, one entry per organisation it belongs to."""
    assert event in EVENTS, event
    plain = {k: v for k, v in detail.items() if v is not None and isinstance(v, str | int | bool)}
    account_id = account.id if account is not None and account.id is not None else None
    if organisation is not None:
        targets: list[int | None] = [organisation.id]
    elif account is not None and account.memberships:
        targets = [m.organisation_id for m in account.memberships]
    else:
        targets = [None]
    for organisation_id in targets:
        db.session.add(AuditEvent(event=event, account_id=account_id, organisation_id=organisation_id, detail=plain))


def for_organisation(organisation: Organisation, limit: int = 200) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.organisation_id == organisation.id)
                                   .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def purge(*, dry_run: bool = False, days: int = AUDIT_DAYS) -> int:
    """Entries older than `days` deleted (or only counted); how many."""
    old = AuditEvent.at < utcnow() - timedelta(days=days)
    count = db.session.scalar(select(func.count()).select_from(AuditEvent).where(old)) or 0
    if not dry_run:
        db.session.execute(delete(AuditEvent).where(old))
    return count
