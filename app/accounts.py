"""Accounts come only from invitations: an organisation's admin (or an operator) invites by e-mail.

An invitation link carries a random token; only its hash is stored. It expires after
INVITATION_DAYS and works once. Accepting it creates the account (the person chooses a
password, then sets up an authenticator app at first sign-in) or, for an existing
account, adds the membership.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import render_template
from flask_babel import force_locale
from flask_security import hash_password
from sqlalchemy import func, select
from sqlalchemy import delete as delete_rows

from . import audit
from .assessments import hash_token
from .extensions import db
from .mail import mail_configured, send
from .models import Account, Invitation, Membership, Organisation, utcnow
from .models.organisation import ROLES

INVITATION_DAYS = 7
TOKEN_BYTES = 24


class InvitationError(ValueError):
    """An invitation that cannot be made or used, with a message for the person."""


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    token: str  # shown once, in the link; never stored


def mail_invitation(email: str, link: str, organisation: str | None) -> bool:
    """The invitation by mail, German first and English below (the invited person's language is not
    known yet); False when no mail went out (no SMTP server configured, or it refused)."""
    if not mail_configured():
        return False
    texts = []
    for language in ("de", "en"):
        with force_locale(language):
            texts.append(render_template("auth/invitation_mail.txt", link=link, organisation=organisation,
                                         days=INVITATION_DAYS))
    return send(email, "Einladung zu digicheck / Invitation to digicheck", "\n\n----\n\n".join(texts))


def normalised(email: str) -> str:
    return email.strip().lower()


def find_account(email: str) -> Account | None:
    return db.session.scalar(select(Account).where(func.lower(Account.email) == normalised(email)))


def invite(email: str, *, organisation: Organisation | None, role: str | None, operator: bool = False,
           invited_by: Account | None = None) -> Invited:
    email = normalised(email)
    if "@" not in email or len(email) > 255 or any(c.isspace() for c in email):
        raise InvitationError("not an e-mail address")
    if not operator and (organisation is None or role not in ROLES):
        raise InvitationError(f"an invitation names an organisation and a role ({', '.join(ROLES)})")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation(token_hash=hash_token(token), email=email, organisation=organisation, role=role,
                            operator=operator, invited_by_id=invited_by.id if invited_by else None,
                            expires_at=utcnow() + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation", account=invited_by, organisation=organisation, role=role, operator=operator)
    return Invited(invitation, token)


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link, if it can still be used; else InvitationError saying why."""
    found = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token))) \
        if 20 <= len(token) <= 64 else None
    if found is None:
        raise InvitationError("unknown")
    if found.used_at is not None:
        raise InvitationError("used")
    if _aware(found.expires_at) <= utcnow():
        raise InvitationError("expired")
    return found


def accept(invitation: Invitation, *, password: str | None, account: Account | None = None) -> Account:
    """Use the invitation: a new account with `password`, or a membership for `account` (signed in, same e-mail)."""
    if account is None:
        if find_account(invitation.email) is not None:
            raise InvitationError("exists")
        if not password:
            raise InvitationError("password")
        account = Account(email=invitation.email, password=hash_password(password), active=True,
                          fs_uniquifier=uuid.uuid4().hex, operator=invitation.operator)
        db.session.add(account)
    elif normalised(account.email) != invitation.email:
        raise InvitationError("other account")
    else:
        account.operator = account.operator or invitation.operator
    if invitation.organisation is not None and invitation.role is not None:
        _join(account, invitation.organisation, invitation.role)
    invitation.used_at = utcnow()
    db.session.flush()
    audit.record("invitation_accepted", account=account, organisation=invitation.organisation)
    return account


def _join(account: Account, organisation: Organisation, role: str) -> None:
    for membership in account.memberships:
        if membership.organisation_id == organisation.id:
            membership.role = role
            return
    account.memberships.append(Membership(organisation=organisation, role=role))


def disable(account: Account) -> None:
    """Signed out everywhere and unable to sign in; memberships stay for when it is enabled again."""
    account.active = False
    account.fs_uniquifier = uuid.uuid4().hex
    audit.record("account_disabled", account=account)


def delete(account: Account) -> None:
    """Really gone: memberships and passkeys with it; audit entries keep no link to it."""
    db.session.delete(account)


def all_accounts() -> list[Account]:
    return list(db.session.scalars(select(Account).order_by(Account.email)))


def purge_invitations(*, dry_run: bool = False) -> int:
    """Used and expired invitations hold an e-mail address for nothing: delete them (or only count); how many."""
    spent = Invitation.used_at.is_not(None) | (Invitation.expires_at < utcnow())
    count = db.session.scalar(select(func.count()).select_from(Invitation).where(spent)) or 0
    if not dry_run:
        db.session.execute(delete_rows(Invitation).where(spent))
    return count


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes even for timezone-aware columns; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
