"""Creating, finding and updating assessments behind their private links.

The link carries a random token of 192 bits; only its SHA-256 hash is stored, so the
link is the one key to an assessment and nobody with database access can open it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select, update

from questionnaires import Questionnaire

from . import live, metrics, results
from .extensions import db
from .models import Assessment, Organisation, today, utcnow

TOKEN_BYTES = 24  # 192 bits, well above the 128 the privacy promise needs
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
CONSENT_VERSION = "2026-12"  # bump when the consent text changes; stored with each assessment


# Built once: every page runs them, and building a statement costs more than running it.
_BY_TOKEN_HASH = select(Assessment).where(Assessment.token_hash == bindparam("token_hash"))
_SNAPSHOT_BY_TOKEN_HASH = select(
    Assessment.id, Assessment.questionnaire_id, Assessment.questionnaire_version, Assessment.profile,
    Assessment.answers, Assessment.pages_done, Assessment.completed_at, Assessment.last_visit, Assessment.workshop_id,
).where(Assessment.token_hash == bindparam("token_hash"))
# Sets updated_at to itself: a visit is not a change, so its onupdate must not fire.
_NOTE_VISIT = update(Assessment).where(Assessment.id == bindparam("assessment_id")).values(
    last_visit=bindparam("today"), updated_at=Assessment.updated_at)


@dataclass(frozen=True)
class Snapshot:
    """An assessment as a page shows it: read on a plain connection, with nothing to save.

    Showing a question page only reads, and the ORM session's bookkeeping (unit of work,
    identity map) cost about as much as the rest of the page's own work together.
    """

    id: int
    questionnaire_id: str
    questionnaire_version: str
    profile: Mapping[str, Any]
    answers: Mapping[str, Any]
    pages_done: tuple[str, ...]
    completed: bool
    workshop_id: int | None = None  # a workshop's participant: a led room decides which pages it may see


def hash_token(token: str) -> str:
    # UTF-8 is ASCII for real tokens; a stray pasted character then finds nothing instead of failing.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find(token: str) -> Assessment | None:
    """The assessment behind a private link; a malformed token never reaches the database."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    found = db.session.execute(_BY_TOKEN_HASH, {"token_hash": hash_token(token)}).scalar_one_or_none()
    if found is not None:
        note_visit(found.id, found.last_visit)
    return found


def find_to_change(token: str) -> Assessment | None:
    """Like find, with the row locked until the request commits (on PostgreSQL; SQLite, for a laptop, locks no rows).

    An answer saved by the page's script can reach the server together with the whole page
    (a number typed, then "Next" pressed): locked, the two run one after the other and the
    later merges into what the earlier stored, instead of overwriting the page's answers
    with the ones it read before. Locked after `find`, whose visit note updates the same row
    on a connection of its own and would otherwise wait for this lock.
    """
    found = find(token)
    if found is not None:
        db.session.refresh(found, with_for_update=True)
    return found


def snapshot(token: str) -> Snapshot | None:
    """Like find, for pages that only show an assessment."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    with db.engine.connect() as connection:
        row = connection.execute(_SNAPSHOT_BY_TOKEN_HASH, {"token_hash": hash_token(token)}).one_or_none()
    if row is None:
        return None
    note_visit(row.id, row.last_visit)
    return Snapshot(
        id=row.id, questionnaire_id=row.questionnaire_id, questionnaire_version=row.questionnaire_version,
        profile=row.profile or {}, answers=row.answers or {}, pages_done=tuple(row.pages_done or ()),
        completed=row.completed_at is not None, workshop_id=row.workshop_id,
    )


def note_visit(assessment_id: int, last_visit: date | None) -> None:
    """Remember the day of this visit, for retention: at most one write a day, none when it is today already.

    Its own short transaction, so a visit counts even when the request only reads, and a
    request that fails later still counts as a visit.
    """
    now = today()
    if last_visit == now:
        return
    with db.engine.begin() as connection:
        connection.execute(_NOTE_VISIT, {"assessment_id": assessment_id, "today": now})


def start(
    questionnaire: Questionnaire,
    language: str,
    *,
    statistics: bool,
    previous: Assessment | None = None,
    organisation: Organisation | None = None,
) -> tuple[Assessment, str]:
    """A new assessment and its token (shown once in the link, never stored in clear)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assessment = Assessment(
        token_hash=hash_token(token),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        content_hash=questionnaire.content_hash,
        language=language,
        profile=dict(previous.profile) if previous else {},
        answers={},
        pages_done=[],
        consent_version=CONSENT_VERSION,
        consent_statistics=statistics,
        consented_at=utcnow(),
        previous_id=previous.id if previous else None,
        organisation_id=organisation.id if organisation else (previous.organisation_id if previous else None),
    )
    _copy_profile_columns(assessment)
    db.session.add(assessment)
    db.session.flush()
    return assessment, token


def new_link(assessment: Assessment) -> str:
    """A new private link for the assessment; the one before stops working (only the hash is kept)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assessment.token_hash = hash_token(token)
    return token


def save(assessment: Assessment, *, profile: Mapping[str, Any] | None = None,
         answers: Mapping[str, Any] | None = None) -> None:
    """Replace the profile and/or the answers; a completed assessment's stored result follows."""
    if profile is not None:
        assessment.profile = dict(profile)
        _copy_profile_columns(assessment)
    if answers is not None:
        metrics.answers_saved(assessment, assessment.answers or {}, answers)
        assessment.answers = dict(answers)  # a new dict, so the JSON column sees the change
    if assessment.completed:
        results.store(assessment)
    live.changed(assessment.workshop_id)  # a participant's answers: its workshop's dashboard shows them


def save_profile(assessment: Assessment, profile: Mapping[str, Any]) -> None:
    save(assessment, profile=profile)


def save_answers(assessment: Assessment, answers: Mapping[str, Any]) -> None:
    save(assessment, answers=answers)


def mark_page_done(assessment: Assessment, page: str, pages: list[str]) -> None:
    """The last page sent completes the assessment, and its result is stored then."""
    if page not in assessment.pages_done:
        assessment.pages_done = [p for p in pages if p in {*assessment.pages_done, page}]
    if assessment.completed_at is None and set(pages) <= set(assessment.pages_done):
        assessment.completed_at = utcnow()
        results.store(assessment)
    live.changed(assessment.workshop_id)


def mark_page_open(assessment: Assessment, page: str) -> None:
    """A page left with questions still to answer is asked again before the results."""
    if page in assessment.pages_done:
        assessment.pages_done = [p for p in assessment.pages_done if p != page]
        live.changed(assessment.workshop_id)


def delete(assessment: Assessment) -> None:
    """Really gone: the row is deleted (its result and reports with it), and a later check that
    pointed back loses the link. Its counts leave the peer statistics first."""
    results.forget(Assessment.id == assessment.id)
    live.changed(assessment.workshop_id)
    db.session.delete(assessment)


def _copy_profile_columns(assessment: Assessment) -> None:
    profile = assessment.profile or {}
    assessment.industry = profile.get("industry")
    assessment.size_class = profile.get("size")
    assessment.state = profile.get("state")
