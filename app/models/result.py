"""Stored results: each completed assessment's scores, kept so that nothing re-scores many assessments per request.

Shape, and why: one `result` row per assessment (its overall score and level, and what it is
compared by: questionnaire id and version, industry, size class, region, quarter, source)
plus one `result_dimension` row per dimension. Dimensions are declared by each questionnaire,
so a column per dimension cannot work across questionnaires, and JSON cannot be grouped by
SQL on both SQLite and PostgreSQL alike; a child table is grouped by a plain
`GROUP BY dimension_id`.

`score_histogram` is the summary kept on write (app/results.py): per peer cell (questionnaire
id and version, industry, size class, demo flag), per dimension (or OVERALL) and per score
bucket of 0.1 points, how many stored results fall there. Peer statistics read at most
(dimensions + 1) x 1,002 rows of it, however many results there are. Only results that may
count as peers are in it: consent to statistics, and never a workshop participant.

Everything is deleted with its assessment (ON DELETE CASCADE); the histogram holds counts
only, and the code that deletes assessments takes their counts out first (app/results.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

OVERALL = "_overall"
"""The histogram's dimension id for the overall score: a questionnaire's ids start with a letter, so it cannot clash."""

NOT_ASSESSED = -1
"""The histogram bucket of a result without a score there, so that a cell's buckets add up to its firms."""

SOURCES = ("public", "entry_link", "workshop_participant", "workshop_consensus", "konvoi_round")
"""Where a result comes from: the public check, an organisation's start page, a workshop participant or consensus,
a Konvoi member's round (assessment.konvoi_round_id)."""


class StoredResult(db.Model):  # type: ignore[name-defined]
    __tablename__ = "result"
    # The running quarter's count (app/aggregates.py running_count) reads only this index, never
    # the rows: every column its filter looks at, quarter first (it serves "this quarter" too).
    __table_args__ = (Index("ix_result_scope", "quarter", "questionnaire_id", "consent_statistics", "demo", "source",
                            "organisation_id", "state", "postcode_region"),)

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    industry: Mapped[str | None] = mapped_column(String(32))
    size_class: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str | None] = mapped_column(String(2))
    postcode_region: Mapped[str | None] = mapped_column(String(8))
    quarter: Mapped[str] = mapped_column(String(7))  # of completion, e.g. "2026-Q4"
    source: Mapped[str] = mapped_column(String(24))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"), index=True)
    # The firm's earlier assessment ("take the check again"); its result is the row with that assessment_id.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id", ondelete="SET NULL"))
    consent_statistics: Mapped[bool] = mapped_column(Boolean)
    demo: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float | None] = mapped_column(Float)
    level_id: Mapped[str | None] = mapped_column(String(64))
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StoredDimension(db.Model):  # type: ignore[name-defined]
    __tablename__ = "result_dimension"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("result.assessment_id", ondelete="CASCADE"),
                                               primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)
    level_id: Mapped[str | None] = mapped_column(String(64))


class ScoreHistogram(db.Model):  # type: ignore[name-defined]
    """How many counted results of a peer cell have a score in this 0.1-point bucket (bucket = score x 10)."""

    __tablename__ = "score_histogram"

    questionnaire_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    questionnaire_version: Mapped[str] = mapped_column(String(32), primary_key=True)
    industry: Mapped[str] = mapped_column(String(32), primary_key=True)  # "" when not given
    size_class: Mapped[str] = mapped_column(String(16), primary_key=True)  # "" when not given
    demo: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # or OVERALL
    bucket: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 0-1000, or NOT_ASSESSED
    count: Mapped[int] = mapped_column(Integer, default=0)
