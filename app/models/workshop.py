"""A workshop: a consultant runs a check with a firm's team; each participant answers as an assessment of its own.

Participants are assessments with `workshop_id` set (source "workshop_participant": never
anyone's peers), so they answer through the same pages as the public check and go with
the workshop when it is deleted.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .assessment import utcnow
from .organisation import Organisation

PACES = ("free", "led")  # everyone at their own pace, or page by page as the consultant opens them


class Workshop(db.Model):  # type: ignore[name-defined]
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    firm_name: Mapped[str] = mapped_column(String(200))  # as the consultant writes it
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2), default="de")
    held_on: Mapped[date] = mapped_column(Date)
    pace: Mapped[str] = mapped_column(String(8), default="free")
    # The firm's profile, given once by the consultant, so participants answer only the areas' questions.
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Six characters without look-alikes; unique among open workshops, worthless once closed.
    code: Mapped[str] = mapped_column(String(6), index=True)
    # The room sees the answers' distributions only once the consultant reveals them, so early answers sway no one.
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # "Repeat": the workshop before, with the same firm and check; its consensus is the "before".
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"))
    # When the consensus was saved, and the workshop section of its report as it was then (frozen:
    # it survives the deletion of the participants' answers).
    consensus_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The consultant's note per question while the consensus is recorded (question id -> text).
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default="{}")
    # Led pace: the last page the consultant has opened to the room (None: only the first).
    opened_page: Mapped[str | None] = mapped_column(String(64))

    organisation: Mapped[Organisation] = relationship()

    @property
    def open(self) -> bool:
        return self.closed_at is None
