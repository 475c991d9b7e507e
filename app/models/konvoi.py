"""A Konvoi: firms that take the same check round after round and show each other their progress.

The organiser (a consultant or admin of an organisation) plans the rounds; a member firm has
no account: its membership is held by a private link whose token is stored only as a hash,
like the check's own. Each round a member takes is an assessment of its own (with
`konvoi_round_id`), answered through the same pages as the public check; what the group sees
of it is the member's choice per round (`KonvoiEntry.sharing`). Leaving deletes the
membership, its e-mail address, its notes and what it shared (app/konvois.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .assessment import utcnow
from .organisation import Organisation

SHARING = ("nothing", "levels", "scores")
"""What the group sees of a member's round: only that it took part, its level per area, or its points per area."""


class Konvoi(db.Model):  # type: ignore[name-defined]
    __tablename__ = "konvoi"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    # Pinned for the Konvoi's life, so that every round answers the same questions.
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2), default="de")
    # The join link's token: meant to be passed round the group, so kept as it is (unlike a member's
    # private link); the organiser can replace it, and a closed Konvoi (its last round over) takes no one.
    join_token: Mapped[str] = mapped_column(String(43), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship()
    rounds: Mapped[list[KonvoiRound]] = relationship(back_populates="konvoi", order_by="KonvoiRound.number",
                                                     cascade="all, delete-orphan", passive_deletes=True)
    members: Mapped[list[KonvoiMember]] = relationship(back_populates="konvoi", order_by="KonvoiMember.id",
                                                       cascade="all, delete-orphan", passive_deletes=True)


class KonvoiRound(db.Model):  # type: ignore[name-defined]
    __tablename__ = "konvoi_round"
    __table_args__ = (UniqueConstraint("konvoi_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    konvoi_id: Mapped[int] = mapped_column(ForeignKey("konvoi.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ...
    planned_on: Mapped[date] = mapped_column(Date)  # opens that day (or earlier, by hand)
    closes_on: Mapped[date] = mapped_column(Date)  # planned end; a reminder goes out before it
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    konvoi: Mapped[Konvoi] = relationship(back_populates="rounds")

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class KonvoiMember(db.Model):  # type: ignore[name-defined]
    __tablename__ = "konvoi_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    konvoi_id: Mapped[int] = mapped_column(ForeignKey("konvoi.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # of the private membership link
    display_name: Mapped[str] = mapped_column(String(80))  # the firm's own choice, e.g. "Bäckerei aus Stendal"
    # Optional, only for the round mail, with its own consent; deleted when the firm leaves.
    email: Mapped[str | None] = mapped_column(String(254))
    consent_version: Mapped[str] = mapped_column(String(16))
    consent_statistics: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    konvoi: Mapped[Konvoi] = relationship(back_populates="members")


class KonvoiEntry(db.Model):  # type: ignore[name-defined]
    """One member in one round: its check, what the group may see of it, and its progress note."""

    __tablename__ = "konvoi_entry"
    __table_args__ = (UniqueConstraint("member_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("konvoi_member.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("konvoi_round.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="SET NULL"))
    sharing: Mapped[str] = mapped_column(String(8), default="nothing")
    done_note: Mapped[str] = mapped_column(Text, default="")  # "what we did since the last round"
    next_note: Mapped[str] = mapped_column(Text, default="")  # "what we plan next"
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class KonvoiInvitation(db.Model):  # type: ignore[name-defined]
    """An invitation by e-mail: its own join link, usable once; the address goes when it is used or expires."""

    __tablename__ = "konvoi_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    konvoi_id: Mapped[int] = mapped_column(ForeignKey("konvoi.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    konvoi: Mapped[Konvoi] = relationship()
