"""Stored data, one module per aggregate; importing this package registers every table."""

from __future__ import annotations

from .assessment import Assessment, Report, today, utcnow
from .result import OVERALL, NOT_ASSESSED, SOURCES, ScoreHistogram, StoredDimension, StoredResult

__all__ = ["NOT_ASSESSED", "OVERALL", "SOURCES", "Assessment", "Report", "ScoreHistogram", "StoredDimension",
           "StoredResult", "today", "utcnow"]
