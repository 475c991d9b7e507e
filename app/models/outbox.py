"""Mail waiting to be sent: written by a page or command, sent by `digicheck mail send-due` (app/outbox.py).

A web request never talks to the SMTP server for these mails: it only adds a row, which is
quick and cannot fail half-way. The row stays until the server has taken the message (then it
is deleted: nothing of a sent mail is kept), the firm it is addressed to leaves, its invitation
goes, its round closes, or it has failed for UNDELIVERABLE_DAYS (the purge gives it up then,
so that an address nobody takes does not stay for ever). A failed try is counted and tried
again later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .assessment import utcnow


class OutgoingMail(db.Model):  # type: ignore[name-defined]
    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(32))  # e.g. "konvoi_round": what the operator sees in `mail status`
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Not before this moment: now for a new mail, later after a failed try (growing waits).
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    # A sender working on it until then: two `send-due` runs at once never send one mail twice.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The Konvoi member it is for: a firm that leaves takes its unsent mail with it.
    konvoi_member_id: Mapped[int | None] = mapped_column(ForeignKey("konvoi_member.id", ondelete="CASCADE"),
                                                         index=True)
    # The Konvoi invitation it carries: it goes with the invitation (used, expired or its Konvoi deleted).
    konvoi_invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("konvoi_invitation.id", ondelete="CASCADE"), index=True)
