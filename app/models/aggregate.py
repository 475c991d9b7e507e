"""Published aggregates: one frozen snapshot per hub (or the nation), check and closed quarter.

The hub portal and the API publish only these. A snapshot is computed once, when its quarter
closes, with the disclosure rules of scoring/disclosure.py, and never recomputed: a second
computation after a firm left or withdrew its consent could be subtracted from the first
(docs/aggregates.md). `figures` holds plain JSON: per breakdown its cells, each with its
categories, `n` and per area median, quartiles and level counts, withheld values null with
the reason. Nothing in it identifies a firm.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .assessment import utcnow


class AggregateSnapshot(db.Model):  # type: ignore[name-defined]
    __tablename__ = "aggregate_snapshot"
    __table_args__ = (UniqueConstraint("organisation_id", "questionnaire_id", "quarter", name="uq_snapshot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: all consenting firms in the country, the comparison every hub sees beside its own.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    quarter: Mapped[str] = mapped_column(String(7))  # "2026-Q3", as stored results name it
    threshold: Mapped[int] = mapped_column(Integer)
    region_detail: Mapped[str] = mapped_column(String(16))  # "state" or "postcode_region", fixed by the hub
    firms: Mapped[int] = mapped_column(Integer)  # in scope; published only as the "total" table shows it
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
