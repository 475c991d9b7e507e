"""Accounts of consultants, hub staff and operators, and their passkeys.

Business owners never have one. An account stores what signing in needs and nothing
else: the e-mail address (the one name it is known by), a password hash (argon2), the
encrypted TOTP secret, hashed recovery codes, passkeys (public keys only). No login
address or history is kept on the account (Flask-Security-Too's "trackable" is off);
sign-ins are audit events (app/models/organisation.py) with a retention period.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_security import AsaList, UserMixin, WebAuthnMixin, naive_utcnow
from sqlalchemy import Boolean, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.ext.mutable import MutableList
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .assessment import utcnow


class Account(db.Model, UserMixin):  # type: ignore[name-defined]
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password: Mapped[str | None] = mapped_column(String(255))  # none until chosen
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Sessions carry this, not the id: changing it signs the account out everywhere.
    fs_uniquifier: Mapped[str] = mapped_column(String(64), unique=True)
    tf_primary_method: Mapped[str | None] = mapped_column(String(64))
    tf_totp_secret: Mapped[str | None] = mapped_column(String(255))
    fs_webauthn_user_handle: Mapped[str | None] = mapped_column(  # type: ignore[assignment]
        String(64), unique=True)  # set with the first passkey
    mf_recovery_codes: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(AsaList()))
    # Runs the platform: creates organisations, invites their first admins.
    operator: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    webauthn: Mapped[list[Passkey]] = relationship(  # type: ignore[assignment]
        back_populates="user", cascade="all, delete-orphan")
    memberships: Mapped[list[Any]] = relationship(
        "Membership", back_populates="account", cascade="all, delete-orphan")

    @property
    def roles(self) -> list[Any]:  # type: ignore[override]
        """Flask-Security-Too's global roles are not used: a role belongs to a membership."""
        return []


class Passkey(db.Model, WebAuthnMixin):  # type: ignore[name-defined]
    """A WebAuthn credential: its public key and how it may be used (first or second factor)."""

    __tablename__ = "passkey"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[bytes] = mapped_column(LargeBinary(1024), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(default=0, nullable=True)
    transports: Mapped[list[str] | None] = mapped_column(MutableList.as_mutable(AsaList()))
    backup_state: Mapped[bool] = mapped_column(Boolean)
    device_type: Mapped[str] = mapped_column(String(64))
    extensions: Mapped[str | None] = mapped_column(String(255))
    create_datetime: Mapped[datetime] = mapped_column(DateTime(), default=naive_utcnow)  # the library's naive UTC
    lastuse_datetime: Mapped[datetime] = mapped_column(DateTime())
    name: Mapped[str] = mapped_column(String(64))
    usage: Mapped[str] = mapped_column(String(64))

    user: Mapped[Account] = relationship(back_populates="webauthn")
