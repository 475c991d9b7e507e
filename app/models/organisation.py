"""Organisations (hubs, competence centres, EDIHs, chambers, consultancies), who belongs to them, and invitations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .account import Account
from .assessment import utcnow

KINDS = ("hub", "mdz", "edih", "chamber", "consultancy")
ROLES = ("admin", "consultant", "analyst")


class Organisation(db.Model):  # type: ignore[name-defined]
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    # Its entry in the centre catalogue (questionnaires/centres), when it has one.
    centre_id: Mapped[str | None] = mapped_column(String(64))
    # Where it works: two-letter state codes and two-digit postcode regions (the hub portal filters by them).
    states: Mapped[list[str]] = mapped_column(JSON, default=list)
    postcode_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How finely its aggregates break firms down by region: "state", or "postcode_region" (two
    # digits). Set by the organisation, never chosen by the data (docs/aggregates.md).
    region_detail: Mapped[str] = mapped_column(String(16), default="state", server_default="state")
    # Fewest firms in a published cell: 10 unless the organisation asks for more (never below 5).
    aggregate_threshold: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # Shown on its entry pages; in the database so that every app process can serve it (PNG, JPEG or WebP).
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation", cascade="all, delete-orphan")
    entry_links: Mapped[list[EntryLink]] = relationship(back_populates="organisation", cascade="all, delete-orphan")


class EntryLink(db.Model):  # type: ignore[name-defined]
    """/e/<slug>: a start page in the organisation's name; checks started there carry the organisation."""

    __tablename__ = "entry_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaires: Mapped[list[str]] = mapped_column(JSON, default=list)  # the check ids it offers
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="entry_links")


class Share(db.Model):  # type: ignore[name-defined]
    """A firm's explicit, revocable "this organisation may see my result", with what it chose to tell.

    Revoking deletes the row (an audit event records both); deleting the assessment deletes it too.
    """

    __tablename__ = "share"
    __table_args__ = (UniqueConstraint("assessment_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))  # an e-mail address or telephone number, as given
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class Membership(db.Model):  # type: ignore[name-defined]
    """An account's role in one organisation; an account may belong to several."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("account_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    account: Mapped[Account] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


class Invitation(db.Model):  # type: ignore[name-defined]
    """A link that creates (or extends) an account: it expires, and works once.

    Like the private link of an assessment, only the SHA-256 hash of its token is stored.
    The e-mail address is kept until the invitation is used or expires, then purged.
    """

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    operator: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation | None] = relationship()


class AuditEvent(db.Model):  # type: ignore[name-defined]
    """A security event an organisation's admin may read: sign-ins, invitations, role changes, shared results.

    Holds ids and a short machine word, never a password, token or address; purged after
    the period in docs/accounts.md.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(32))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
