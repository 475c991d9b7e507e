"""A hub's published aggregates: which stored results count, and the frozen snapshot per closed quarter.

Scope of a hub (an organisation): the completed checks started through its entry links, its
workshops' consensus results, and the checks of firms in the states or postcode regions it
serves, each only with the firm's consent to statistics, never demo rows and never a
workshop participant (one voice of a team, not a firm). The nation's snapshot (no
organisation) counts every consenting firm and is the comparison beside each hub's own.

Figures come from SQL over the stored results (result, result_dimension): one GROUP BY per
quarter, per hub, into plain counts and score histograms, which scoring/disclosure.py turns
into the published figures with every rule applied. Nothing is re-scored. A snapshot is made
once, when its quarter has closed, and kept as it is (docs/aggregates.md says why).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, literal_column, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from scoring.disclosure import (NO_LEVEL, NOT_ASSESSED, AreaCounts, Breakdown, CellFigures, Group, Snapshot,
                                rounded_count, snapshot)
from scoring.impact import change_figures

from .extensions import db
from .models import AggregateSnapshot, Organisation, StoredDimension, StoredResult, utcnow
from .models.result import OVERALL
from .results import quarter as quarter_of

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("total", ()),
    Breakdown("industry", ("industry",)),
    Breakdown("size_class", ("size_class",)),
    Breakdown("region", ("region",)),
    Breakdown("industry,size_class", ("industry", "size_class")),
)
"""Every table a snapshot publishes; the API's `by` names one of them (its categories, comma-separated)."""
REGION_DETAILS = ("state", "postcode_region")
UNKNOWN = "unknown"  # a category the firm did not give: a cell of its own, never guessed


class AggregateError(ValueError):
    """A request for figures that cannot be answered, with a message for the person or script."""


def normal_quarter(text: str) -> str:
    """"2026Q3", "2026-Q3" or "2026-q3" as stored results write it ("2026-Q3"); AggregateError otherwise."""
    cleaned = text.strip().upper().replace("-", "")
    if len(cleaned) != 6 or not cleaned[:4].isdigit() or cleaned[4] != "Q" or cleaned[5] not in "1234":
        raise AggregateError(f"a quarter is written like 2026Q3, not {text!r}")
    return f"{cleaned[:4]}-Q{cleaned[5]}"


def is_closed(quarter: str, now: datetime | None = None) -> bool:
    """A quarter is closed once the next one has begun: only then may its figures be published."""
    return quarter < quarter_of(now or utcnow())


def _in_scope(organisation: Organisation | None) -> ColumnElement[bool]:
    counted = and_(StoredResult.consent_statistics.is_(True), StoredResult.demo.is_(False),
                   StoredResult.source != "workshop_participant")
    if organisation is None:
        return counted
    own = StoredResult.organisation_id == organisation.id  # its entry links and its workshops' consensus
    served = [StoredResult.state.in_(organisation.states)] if organisation.states else []
    served += [StoredResult.postcode_region.in_(organisation.postcode_regions)] if organisation.postcode_regions else []
    return and_(counted, or_(own, *served))


def _inline(value: str | int) -> ColumnElement[Any]:
    """A constant written into the SQL, not bound: PostgreSQL groups by an expression only when the
    GROUP BY repeats it exactly, and bound parameters would differ between SELECT and GROUP BY."""
    return literal_column(f"'{value}'" if isinstance(value, str) else str(int(value)))


def _known(column: Any, otherwise: str = UNKNOWN) -> ColumnElement[Any]:
    return func.coalesce(column, _inline(otherwise))


def _region(detail: str) -> ColumnElement[Any]:
    return _known(StoredResult.state if detail == "state" else StoredResult.postcode_region)


def groups(organisation: Organisation | None, questionnaire_id: str, quarter: str, region_detail: str) -> list[Group]:
    """The hub's firms of one check and quarter, one Group per industry x size class x region:
    two GROUP BY queries (areas, and the overall score), nothing loaded row by row."""
    region = _region(region_detail)
    industry, size = _known(StoredResult.industry), _known(StoredResult.size_class)
    where = and_(_in_scope(organisation), StoredResult.questionnaire_id == questionnaire_id,
                 StoredResult.quarter == quarter)

    def bucket_of(score: Any) -> ColumnElement[int]:  # as scoring.aggregate.bucket: scores are 0-100
        return case((score.is_(None), _inline(NOT_ASSESSED)),
                    else_=cast(score * _inline(10) + literal_column("0.5"), Integer))

    area_keys = (industry, size, region, StoredDimension.dimension_id, bucket_of(StoredDimension.score),
                 _known(StoredDimension.level_id, NO_LEVEL))
    areas = select(*area_keys, func.count()).where(where) \
        .join(StoredDimension, StoredDimension.assessment_id == StoredResult.assessment_id).group_by(*area_keys)
    overall_keys = (industry, size, region, bucket_of(StoredResult.score), _known(StoredResult.level_id, NO_LEVEL))
    overall = select(*overall_keys[:3], _inline(OVERALL), *overall_keys[3:], func.count()).where(where) \
        .group_by(*overall_keys)
    histograms: dict[tuple[str, str, str], dict[str, defaultdict[int, int]]] = defaultdict(dict)
    levels: dict[tuple[str, str, str], dict[str, defaultdict[str, int]]] = defaultdict(dict)
    firms: dict[tuple[str, str, str], int] = defaultdict(int)
    for statement in (areas, overall):
        for ind, sz, reg, area, bucket, level, n in db.session.execute(statement):
            key = (str(ind), str(sz), str(reg))
            histograms[key].setdefault(area, defaultdict(int))[int(bucket)] += int(n)
            levels[key].setdefault(area, defaultdict(int))[str(level)] += int(n)
            if area == OVERALL:
                firms[key] += int(n)
    return [Group({"industry": k[0], "size_class": k[1], "region": k[2]}, firms[k],
                  {a: AreaCounts(dict(h), dict(levels[k][a])) for a, h in histograms[k].items()})
            for k in sorted(firms)]


PARALLEL_FROM = 300
"""Snapshots of at least this many groups are made in worker processes; smaller ones cost less than starting one."""


def close_quarter(quarter: str, *, now: datetime | None = None, workers: int | None = None) -> list[AggregateSnapshot]:
    """Make the snapshots of a closed quarter that do not exist yet: the nation's and each
    organisation's, for every check with results in that quarter. Existing ones stay as they are.

    The disclosure rules are pure and the slow part, so large snapshots are worked out in
    `workers` processes (default: one per core) while the next hub's SQL runs here.
    """
    quarter = normal_quarter(quarter)
    if not is_closed(quarter, now):
        raise AggregateError(f"{quarter} has not closed yet: its figures are published once it has")
    checks = sorted(db.session.scalars(select(StoredResult.questionnaire_id).where(
        StoredResult.quarter == quarter).distinct()))
    todo = [(organisation, questionnaire_id)
            for organisation in [None, *db.session.scalars(select(Organisation).order_by(Organisation.id))]
            for questionnaire_id in checks
            if find(organisation.id if organisation else None, questionnaire_id, quarter) is None]
    with _Rules(workers or os.cpu_count() or 1) as rules:
        pending = []
        for organisation, questionnaire_id in todo:
            detail = organisation.region_detail if organisation else "state"
            threshold = organisation.aggregate_threshold if organisation else 10
            found = groups(organisation, questionnaire_id, quarter, detail)
            pending.append((organisation, questionnaire_id, detail, threshold, found,
                            rules.snapshot(quarter, found, threshold)))
        return [_store(organisation, questionnaire_id, quarter, detail, threshold, found, figures.result())
                for organisation, questionnaire_id, detail, threshold, found, figures in pending]


class _Rules:
    """Runs scoring.disclosure.snapshot here, or in worker processes for large snapshots."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Rules:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)

    def snapshot(self, quarter: str, found: list[Group], threshold: int) -> Future[Snapshot | None]:
        if found and self.workers > 1 and len(found) >= PARALLEL_FROM:
            if self.pool is None:  # spawned, not forked: a worker inherits no database connection
                self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
            return self.pool.submit(snapshot, quarter, found, BREAKDOWNS, threshold=threshold)
        done: Future[Snapshot | None] = Future()
        done.set_result(snapshot(quarter, found, BREAKDOWNS, threshold=threshold) if found else None)
        return done


def _store(organisation: Organisation | None, questionnaire_id: str, quarter: str, detail: str, threshold: int,
           found: list[Group], figures: Snapshot | None) -> AggregateSnapshot:
    published = _as_json(figures) if figures else {}
    published["impact"] = impact(organisation, questionnaire_id, quarter, threshold)
    made = AggregateSnapshot(organisation_id=organisation.id if organisation else None,
                             questionnaire_id=questionnaire_id, quarter=quarter, threshold=threshold,
                             region_detail=detail, firms=sum(g.firms for g in found), figures=published)
    db.session.add(made)
    db.session.flush()
    return made


FIRST_ROUND_DEPTH = 100
"""How many rounds back a firm's first result is looked for (a guard: rounds cannot loop)."""


def impact(organisation: Organisation | None, questionnaire_id: str, quarter: str, threshold: int) -> dict[str, Any]:
    """Firms of the scope that completed the check again in this quarter: per area how far they moved
    since their first round (latest minus first score), published under the rules of scoring/impact.py."""
    step = aliased(StoredResult)
    rounds = select(StoredResult.assessment_id.label("latest"), StoredResult.previous_id.label("first"),
                    literal_column("1").label("depth")) \
        .where(_in_scope(organisation), StoredResult.questionnaire_id == questionnaire_id,
               StoredResult.quarter == quarter, StoredResult.previous_id.is_not(None)) \
        .cte("rounds", recursive=True)
    rounds = rounds.union_all(  # one round further back while there is one
        select(rounds.c.latest, step.previous_id, rounds.c.depth + 1)
        .join(step, step.assessment_id == rounds.c.first)
        .where(step.previous_id.is_not(None), rounds.c.depth < FIRST_ROUND_DEPTH))
    first = aliased(StoredResult)
    new, earlier = aliased(StoredDimension), aliased(StoredDimension)
    rows = db.session.execute(
        select(new.dimension_id, new.score - earlier.score)
        .select_from(rounds)
        .join(first, and_(first.assessment_id == rounds.c.first, first.previous_id.is_(None)))  # the first round
        .join(new, new.assessment_id == rounds.c.latest)
        .join(earlier, and_(earlier.assessment_id == rounds.c.first, earlier.dimension_id == new.dimension_id))
        .where(new.score.is_not(None), earlier.score.is_not(None)))
    changes: dict[str, list[float]] = defaultdict(list)
    for area, change in rows:
        if change is not None:  # both scores are there (the query asks for it); None never reaches a figure
            changes[str(area)].append(float(change))
    published = {}
    for area, values in sorted(changes.items()):
        f = change_figures(values, threshold)
        published[area] = {"n": f.firms, "median": f.median, "bands": f.bands, "suppressed": f.suppressed}
    return published


def _as_json(published: Snapshot) -> dict[str, Any]:
    return {t.breakdown.name: [_cell(c) for c in t.cells] for t in published.tables}


def _cell(cell: CellFigures) -> dict[str, Any]:
    areas = {}
    for area, f in cell.areas.items():
        shares = None
        if f.levels is not None and cell.firms:
            shares = {level: round(n / cell.firms, 4) for level, n in sorted(f.levels.items())}
        areas[area] = {"median": f.median, "q1": f.q1, "q3": f.q3, "levels": shares, "suppressed": f.suppressed}
    return {"categories": dict(cell.categories), "n": cell.firms, "suppressed": cell.suppressed, "areas": areas}


def _of(organisation_id: int | None) -> ColumnElement[bool]:
    """The snapshots of this organisation, or the nation's (None)."""
    if organisation_id is None:
        return AggregateSnapshot.organisation_id.is_(None)
    return AggregateSnapshot.organisation_id == organisation_id


def find(organisation_id: int | None, questionnaire_id: str, quarter: str) -> AggregateSnapshot | None:
    return db.session.scalar(select(AggregateSnapshot).where(
        _of(organisation_id), AggregateSnapshot.questionnaire_id == questionnaire_id, AggregateSnapshot.quarter == quarter))


def quarters(organisation_id: int | None, questionnaire_id: str) -> list[str]:
    """The closed quarters with a snapshot, newest first."""
    return list(db.session.scalars(select(AggregateSnapshot.quarter).where(
        _of(organisation_id), AggregateSnapshot.questionnaire_id == questionnaire_id).order_by(AggregateSnapshot.quarter.desc())))


def breakdown(by: str) -> Breakdown:
    """The table `by` names ("industry,size_class", "region", "" for all firms); AggregateError otherwise."""
    dims = tuple(part.strip() for part in by.split(",") if part.strip())
    for b in BREAKDOWNS:
        if sorted(b.dimensions) == sorted(dims):
            return b
    names = ", ".join(b.name for b in BREAKDOWNS if b.dimensions)
    raise AggregateError(f"there is no breakdown by {by!r}; there are: {names} (or none, for all firms)")


def cells(stored: AggregateSnapshot, by: Breakdown) -> list[dict[str, Any]]:
    """The published cells of one table of a snapshot (withheld values null, with the reason)."""
    return list((stored.figures or {}).get(by.name, []))


def running_count(organisation: Organisation | None, questionnaire_id: str, now: datetime | None = None) -> int:
    """Completed checks in scope so far this quarter, rounded down to five: the only figure of an open quarter."""
    n = db.session.scalar(select(func.count()).select_from(StoredResult).where(
        _in_scope(organisation), StoredResult.questionnaire_id == questionnaire_id,
        StoredResult.quarter == quarter_of(now or utcnow()))) or 0
    return rounded_count(int(n))


def series(organisation_id: int | None, questionnaire_id: str) -> list[tuple[str, Mapping[str, Any] | None]]:
    """Each closed quarter's "total" cell, oldest first: the change over time, from the frozen snapshots only."""
    rows = db.session.execute(select(AggregateSnapshot.quarter, AggregateSnapshot.figures["total"]).where(
        _of(organisation_id), AggregateSnapshot.questionnaire_id == questionnaire_id).order_by(AggregateSnapshot.quarter))
    return [(str(quarter), next(iter(total or []), None)) for quarter, total in rows]  # only "total" leaves the database
