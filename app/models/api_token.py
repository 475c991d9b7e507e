"""An organisation's API token: a script reads the organisation's published aggregates with it.

Only the SHA-256 hash of the secret is stored (as for private links and invitations): the
secret is shown once, when the token is made. The short prefix `dgc_` tells people what
they hold; it is no secret and proves nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .assessment import utcnow
from .organisation import Organisation

SCOPES = ("aggregates",)


class ApiToken(db.Model):  # type: ignore[name-defined]
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(32), default="aggregates")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_on: Mapped[date | None] = mapped_column(Date)  # the day only: enough to spot an unused token
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship()
