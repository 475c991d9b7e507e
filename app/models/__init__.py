"""Stored data, one module per aggregate; importing this package registers every table."""

from __future__ import annotations

from .account import Account, Passkey
from .aggregate import AggregateSnapshot
from .api_token import ApiToken
from .assessment import Assessment, Report, today, utcnow
from .organisation import AuditEvent, EntryLink, Invitation, Membership, Organisation, Share
from .konvoi import SHARING, Konvoi, KonvoiEntry, KonvoiInvitation, KonvoiMember, KonvoiRound
from .outbox import OutgoingMail
from .result import NOT_ASSESSED, OVERALL, SOURCES, ScoreHistogram, StoredDimension, StoredResult
from .workshop import Workshop

__all__ = ["NOT_ASSESSED", "OVERALL", "SHARING", "SOURCES", "Konvoi", "KonvoiEntry", "KonvoiInvitation", "KonvoiMember",
           "KonvoiRound", "Account", "AggregateSnapshot", "ApiToken", "Assessment", "AuditEvent", "EntryLink", "Invitation",
           "Membership", "Organisation", "OutgoingMail", "Passkey", "Report", "ScoreHistogram", "Share", "StoredDimension", "StoredResult",
           "Workshop", "today", "utcnow"]
