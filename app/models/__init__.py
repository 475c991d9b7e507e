"""Stored data, one module per aggregate; importing this package registers every table."""

from __future__ import annotations

from .assessment import Assessment, Report, today, utcnow

__all__ = ["Assessment", "Report", "today", "utcnow"]
