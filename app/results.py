"""Storing results and keeping the score histograms in step, in the request's own transaction.

Scoring stays pure (scoring.score); this module is where its output is written down: when
an assessment is completed, when a completed one changes, when `digicheck demo-data` makes
rows, and by `digicheck results rebuild`. Every write moves the histogram counts by the
difference between the old and the new stored result, with upserts that add to the stored
count in the database (`count = count + excluded.count`), so two processes writing at once
never lose an increment. Deleting assessments takes their counts out first (`forget`).

What counts as a peer is decided here, once: a completed assessment whose owner agreed to
statistics, and never a workshop participant (the workshop's consensus may count).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from scoring import InvalidAnswer, score
from scoring.aggregate import bucket

from .content import catalogue
from .extensions import db
from .models import NOT_ASSESSED, OVERALL, Assessment, ScoreHistogram, StoredDimension, StoredResult

BATCH = 500
"""Assessments per batch when many are written or deleted: memory stays flat, statements stay short."""

NEVER_PEERS = frozenset({"workshop_participant"})
"""Sources that never count as peers: a workshop's participants are one firm answering many times."""

Cell = tuple[str, str, str, str, bool, str, int]
"""A histogram row's key: questionnaire id, version, industry, size class, demo, dimension (or OVERALL), bucket."""

CELL_KEYS = ("questionnaire_id", "questionnaire_version", "industry", "size_class", "demo", "dimension_id", "bucket")


class Scorable(Protocol):
    """What storing a result reads of an assessment: an ORM Assessment, or a row of the same columns."""

    @property
    def id(self) -> int: ...
    @property
    def questionnaire_id(self) -> str: ...
    @property
    def questionnaire_version(self) -> str: ...
    @property
    def profile(self) -> Any: ...
    @property
    def answers(self) -> Any: ...
    @property
    def industry(self) -> str | None: ...
    @property
    def size_class(self) -> str | None: ...
    @property
    def state(self) -> str | None: ...
    @property
    def completed_at(self) -> datetime | None: ...
    @property
    def consent_statistics(self) -> bool: ...
    @property
    def workshop_id(self) -> int | None: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def consensus_of_id(self) -> int | None: ...
    @property
    def konvoi_round_id(self) -> int | None: ...
    @property
    def previous_id(self) -> int | None: ...
    @property
    def demo(self) -> bool: ...


SCORABLE_COLUMNS = (Assessment.id, Assessment.questionnaire_id, Assessment.questionnaire_version, Assessment.profile,
                    Assessment.answers, Assessment.industry, Assessment.size_class, Assessment.state,
                    Assessment.completed_at, Assessment.consent_statistics, Assessment.workshop_id, Assessment.organisation_id,
                    Assessment.consensus_of_id, Assessment.konvoi_round_id,
                    Assessment.previous_id, Assessment.demo)


def source_of(assessment: Scorable) -> str:
    if assessment.workshop_id is not None:
        return "workshop_participant"
    if assessment.consensus_of_id is not None:
        return "workshop_consensus"
    if assessment.konvoi_round_id is not None:
        return "konvoi_round"
    return "entry_link" if assessment.organisation_id is not None else "public"


def counts_as_peer(consent_statistics: bool, source: str) -> bool:
    return bool(consent_statistics) and source not in NEVER_PEERS


def quarter(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def store(assessment: Scorable) -> None:
    """Write (or rewrite) one completed assessment's result; an unfinished one has none."""
    store_all([assessment])


def store_all(assessments: Sequence[Scorable]) -> int:
    """Write the results of these assessments (replacing any stored), and move the histogram counts.

    Returns how many results were stored: an unfinished assessment gets none, nor one whose
    questionnaire version is no longer available or whose stored answers no longer score.
    """
    db.session.flush()  # ORM changes first: the result rows refer to the assessment rows
    ids = [a.id for a in assessments]
    deltas: Counter[Cell] = Counter()
    deltas.subtract(counted_cells(ids))
    _remove(ids)
    results: list[dict[str, Any]] = []
    dimensions: list[dict[str, Any]] = []
    for assessment in assessments:
        row = _scored(assessment)
        if row is None:
            continue
        result, scores = row
        results.append(result)
        dimensions.extend({"assessment_id": assessment.id, "dimension_id": d, "score": s, "level_id": level}
                          for d, s, level in scores)
        if counts_as_peer(result["consent_statistics"], result["source"]):
            deltas.update(_cells(result, result["score"], ((d, s) for d, s, _level in scores)))
    if results:
        db.session.execute(insert(StoredResult), results)
    if dimensions:
        db.session.execute(insert(StoredDimension), dimensions)
    _apply(deltas)
    return len(results)


def forget(condition: ColumnElement[bool]) -> int:
    """Take the counts of the assessments matching `condition` out of the histograms, before they are deleted.

    Their result rows go with them (ON DELETE CASCADE). Read in batches, so deleting many
    assessments (purge, demo data) does not hold them all in memory. Returns how many results.
    """
    deltas: Counter[Cell] = Counter()
    forgotten, last = 0, 0
    while True:
        ids = list(db.session.execute(
            select(StoredResult.assessment_id).join(Assessment, Assessment.id == StoredResult.assessment_id)
            .where(condition, StoredResult.assessment_id > last).order_by(StoredResult.assessment_id).limit(BATCH)
        ).scalars())
        if not ids:
            break
        deltas.subtract(counted_cells(ids))
        forgotten, last = forgotten + len(ids), ids[-1]
    _apply(deltas)
    return forgotten


@dataclass(frozen=True)
class Rebuilt:
    stored: int
    skipped: int
    cells: int


def rebuild() -> Rebuilt:
    """Every stored result and histogram made again from the stored assessments: after a scoring fix.

    Streams the completed assessments in batches by id, so memory does not grow with their
    number. Runs in the caller's transaction: readers see the old tables until it commits.
    """
    db.session.execute(delete(ScoreHistogram))
    db.session.execute(delete(StoredDimension))
    db.session.execute(delete(StoredResult))
    stored = skipped = 0
    last = 0
    while True:
        batch = db.session.execute(
            select(*SCORABLE_COLUMNS).where(Assessment.completed_at.is_not(None), Assessment.id > last)
            .order_by(Assessment.id).limit(BATCH)
        ).all()
        if not batch:
            break
        made = store_all(batch)  # rows carry the Scorable columns
        stored, skipped, last = stored + made, skipped + len(batch) - made, batch[-1].id
    cells = db.session.execute(
        select(db.func.count()).select_from(ScoreHistogram).where(ScoreHistogram.count > 0)).scalar_one()
    return Rebuilt(stored=stored, skipped=skipped, cells=cells)


def counted_cells(ids: Sequence[int]) -> Counter[Cell]:
    """The histogram cells the stored results of these assessments are counted in (none for non-peers)."""
    found: Counter[Cell] = Counter()
    for chunk in _chunks(ids):
        rows = db.session.execute(
            select(StoredResult.assessment_id, StoredResult.questionnaire_id, StoredResult.questionnaire_version,
                   StoredResult.industry, StoredResult.size_class, StoredResult.demo, StoredResult.score,
                   StoredResult.consent_statistics, StoredResult.source,
                   StoredDimension.dimension_id, StoredDimension.score.label("dimension_score"))
            .outerjoin(StoredDimension, StoredDimension.assessment_id == StoredResult.assessment_id)
            .where(StoredResult.assessment_id.in_(chunk))
            .order_by(StoredResult.assessment_id)
        ).all()
        by_result: dict[int, list[Any]] = {}
        for row in rows:
            if counts_as_peer(row.consent_statistics, row.source):
                by_result.setdefault(row.assessment_id, []).append(row)
        for group in by_result.values():
            first = group[0]
            key = {"questionnaire_id": first.questionnaire_id, "questionnaire_version": first.questionnaire_version,
                   "industry": first.industry, "size_class": first.size_class, "demo": first.demo}
            found.update(_cells(key, first.score, ((r.dimension_id, r.dimension_score) for r in group
                                                   if r.dimension_id is not None)))
    return found


def _scored(assessment: Scorable) -> tuple[dict[str, Any], list[tuple[str, float | None, str | None]]] | None:
    if assessment.completed_at is None:
        return None
    q = catalogue().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if q is None:
        return None
    try:
        result = score(q, assessment.answers or {}, assessment.profile or {})
    except InvalidAnswer:
        return None
    profile = assessment.profile or {}
    region = profile.get("postcode_region")
    row = {
        "assessment_id": assessment.id, "questionnaire_id": assessment.questionnaire_id,
        "questionnaire_version": assessment.questionnaire_version, "industry": assessment.industry,
        "size_class": assessment.size_class, "state": assessment.state,
        "postcode_region": str(region) if region is not None else None,
        "quarter": quarter(assessment.completed_at), "source": source_of(assessment),
        "organisation_id": assessment.organisation_id,
        "previous_id": assessment.previous_id, "consent_statistics": bool(assessment.consent_statistics),
        "demo": bool(assessment.demo), "score": result.score, "level_id": result.level_id,
        "completed_at": assessment.completed_at,
    }
    return row, [(d.dimension_id, d.score, d.level_id) for d in result.dimensions]


def _cells(key: Any, overall: float | None, dimensions: Iterable[tuple[str, float | None]]) -> Iterator[Cell]:
    """One cell for the overall score and one per dimension; a missing score counts in NOT_ASSESSED."""
    def get(name: str) -> Any:
        return key[name] if isinstance(key, dict) else getattr(key, name)

    base = (get("questionnaire_id"), get("questionnaire_version"), get("industry") or "", get("size_class") or "",
            bool(get("demo")))
    for dimension_id, value in ((OVERALL, overall), *dimensions):
        yield (*base, dimension_id, NOT_ASSESSED if value is None else bucket(value))


def _remove(ids: Sequence[int]) -> None:
    for chunk in _chunks(ids):
        db.session.execute(delete(StoredDimension).where(StoredDimension.assessment_id.in_(chunk)))
        db.session.execute(delete(StoredResult).where(StoredResult.assessment_id.in_(chunk)))


def _apply(deltas: Counter[Cell]) -> None:
    """Add the deltas to the stored counts, in key order (so concurrent writers lock rows in the same order)."""
    rows = [{**dict(zip(CELL_KEYS, cell)), "count": n} for cell, n in sorted(deltas.items()) if n]
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    upsert = sqlite.insert if dialect == "sqlite" else postgresql.insert
    table = ScoreHistogram.__table__
    for chunk in _chunks(rows):
        statement = upsert(table).values(chunk)
        db.session.execute(statement.on_conflict_do_update(
            index_elements=list(CELL_KEYS), set_={"count": table.c.count + statement.excluded["count"]}))


T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
