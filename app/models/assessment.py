"""A firm's assessment and its generated report; an assessment records the questionnaire text (id, version, hash) it answered.

Privacy: an assessment holds no names, e-mail addresses or IP addresses. Only a firm that
shares its result with an organisation may give a name and a contact, kept with the share
(app/models/organisation.py) until it is taken back. The private link's token is kept only
as a SHA-256 hash, so a leaked database does not open anyone's results.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


class Assessment(db.Model):  # type: ignore[name-defined]
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2), default="de")
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Pages submitted at least once (a page may be submitted with every question skipped).
    pages_done: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Copied from the profile so that peer comparisons and aggregates can filter in SQL.
    industry: Mapped[str | None] = mapped_column(String(32), index=True)
    size_class: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str | None] = mapped_column(String(2))
    # What was consented to: the version of the consent text shown, and the optional yes to statistics.
    consent_version: Mapped[str] = mapped_column(String(16))
    consent_statistics: Mapped[bool] = mapped_column(Boolean, default=False)
    consented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The day the private link was last opened (UTC): retention counts from here. A date, not a
    # time, so that it is written at most once a day and showing a page otherwise stays a read.
    last_visit: Mapped[date] = mapped_column(Date, default=today, index=True)
    # "Take the check again" links the new assessment to the one before, for before/after.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="SET NULL"))
    # The organisation whose entry link the check was started from (app/entry_links.py).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # Set for a participant of a consultant's workshop: deleted with the workshop (app/workshops.py).
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # Set on a Konvoi member's check of one round (app/konvois.py); the round's entry says whose it is.
    konvoi_round_id: Mapped[int | None] = mapped_column(ForeignKey("konvoi_round.id", ondelete="SET NULL"), index=True)
    # Set on the one assessment that is a workshop's consensus: the firm's result from that workshop.
    consensus_of_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), index=True)
    # A workshop participant's optional role ("Werkstatt"), shown to the consultant only as a count per role.
    participant_role: Mapped[str | None] = mapped_column(String(40))
    # Synthetic rows from `digicheck demo-data`, so they can be told apart and removed.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


class Report(db.Model):  # type: ignore[name-defined]
    """A generated PDF, kept so that downloading it again is instant.

    Deleted with its assessment (ON DELETE CASCADE), so "delete my answers" leaves no copy.
    The fingerprint covers everything the PDF shows; when anything changes (a new peer
    group, a new questionnaire version, the report's layout) a new PDF replaces this one.
    """

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    fingerprint: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
