"""Comparison with similar companies: same check (id and version), industry and size class.

Read from the score histograms kept on write (app/results.py), never from the peers' results:
the database sums each dimension's counts per whole point, then sends only the 0.1-point
buckets of the few points that hold the quartiles (see spreads_of), however many peers there are.
Only completed assessments whose owners agreed to statistics count, never workshop
participants, and a comparison is shown only for groups of at least MIN_GROUP other
companies, so that no single company can be made out. The company itself is not one of its
own peers: its stored result is taken out of the counts before anything is computed.
Real results are never compared with synthetic ones: demo rows (`digicheck demo-data`)
count only on a demo server (DIGICHECK_DEMO), and there only they count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, func, or_, select

from questionnaires import Questionnaire
from scoring.aggregate import BUCKETS_PER_POINT, Quartiles, Run, quartile_ranks, quartiles_of_runs

from .. import results
from ..extensions import db
from ..models import NOT_ASSESSED, OVERALL, Assessment, ScoreHistogram

MIN_GROUP = 10


@dataclass(frozen=True)
class PeerGroup:
    """Similar companies: how many, and per dimension the middle half of their scores and its median.

    A dimension is left out when fewer than MIN_GROUP of them have a score there.
    """

    count: int
    dimensions: Mapping[str, Quartiles]


PeerCell = tuple[str, str, str, str, bool]
"""A peer group's key in the histogram: questionnaire id and version, industry, size class, demo flag."""


@dataclass(frozen=True)
class Spread:
    """One dimension (or OVERALL) of a peer group: how many it counts, assessed there or not, and their quartiles."""

    counted: int
    band: Quartiles | None


def peer_group(q: Questionnaire, assessment: Assessment) -> PeerGroup | None:
    """The company's peer group, or None when it is too small (or the profile does not say industry and size)."""
    if not assessment.industry or not assessment.size_class:
        return None
    demo = bool(current_app.config.get("DIGICHECK_DEMO"))
    cell: PeerCell = (q.id, q.version, assessment.industry, assessment.size_class, demo)
    own: Counter[tuple[str, int]] = Counter()
    for counted_in, count in results.counted_cells([assessment.id]).items():
        if counted_in[:5] == cell:  # counted in this very group: not its own peer
            own[(counted_in[5], counted_in[6])] += count
    spreads = spreads_of(cell, own)
    group = spreads[OVERALL].counted if OVERALL in spreads else 0
    if group < MIN_GROUP:
        return None
    bands = {}
    for d in q.dimensions:
        spread = spreads.get(d.id)
        if spread is not None and spread.band is not None and spread.band.count >= MIN_GROUP:
            bands[d.id] = spread.band
    return PeerGroup(count=group, dimensions=bands) if bands else None


def spreads_of(cell: PeerCell, own: Mapping[tuple[str, int], int]) -> dict[str, Spread]:
    """Per dimension of a peer cell, its count and quartiles, with `own` ((dimension, bucket) -> n) taken out.

    Two small reads, so that neither the rows fetched nor the database's work grows with the
    number of peers beyond the fixed number of buckets: first each dimension's counts summed
    per whole point (a plain GROUP BY over the cell's rows, at most 102 per dimension), which
    locates the points holding the quartile ranks (`scoring.aggregate.quartile_ranks`); then
    only the 0.1-point buckets of those points, at most six per dimension. The interpolation
    is `quartiles_of_runs`, so the band is exactly the one `quartiles` gives for the whole
    histogram. (A window sum over every bucket gave the same answer, but SQLite spends ~2 µs
    per filled bucket on it: the page got 30 % slower between 1,000 and 100,000 peers.)
    """
    h = ScoreHistogram
    in_cell = (h.questionnaire_id == cell[0], h.questionnaire_version == cell[1], h.industry == cell[2],
               h.size_class == cell[3], h.demo == cell[4], h.count > 0)
    point = case((h.bucket < 0, NOT_ASSESSED), else_=h.bucket // BUCKETS_PER_POINT)
    points: dict[str, dict[int, int]] = {}
    for dimension_id, at, count in db.session.execute(
            select(h.dimension_id, point, func.sum(h.count)).where(*in_cell).group_by(h.dimension_id, point)):
        points.setdefault(dimension_id, {})[int(at)] = int(count)
    for (dimension_id, b), n in own.items():  # the company is not its own peer
        at = b if b < 0 else b // BUCKETS_PER_POINT
        if n and at in points.get(dimension_id, {}):
            points[dimension_id][at] -= n
    wanted = {d: _points_holding_ranks(counts) for d, counts in points.items()}
    fine = _buckets_of(in_cell, wanted)
    spreads = {}
    for dimension_id, counts in points.items():
        total = sum(n for at, n in counts.items() if at >= 0)
        runs = []
        for at, before in wanted[dimension_id]:
            inside = sorted((b, n - own.get((dimension_id, b), 0)) for b, n in fine.get((dimension_id, at), ()))
            for b, n in inside:
                if n > 0:
                    runs.append(Run(bucket=b, before=before, count=n))
                    before += n
        counted = total + max(counts.get(NOT_ASSESSED, 0), 0)
        if counted:  # a dimension where the company was the only one is not there for its peers
            spreads[dimension_id] = Spread(counted=counted, band=quartiles_of_runs(total, runs))
    return spreads


def _points_holding_ranks(counts: Mapping[int, int]) -> list[tuple[int, int]]:
    """The whole points whose scores include a quartile rank, each with how many scores lie below it."""
    ranks = quartile_ranks(sum(n for at, n in counts.items() if at >= 0))
    found, before = [], 0
    for at in sorted(at for at, n in counts.items() if at >= 0 and n > 0):
        n = counts[at]
        if any(before <= rank < before + n for rank in ranks):
            found.append((at, before))
        before += n
    return found


def _buckets_of(in_cell: tuple[Any, ...], wanted: Mapping[str, list[tuple[int, int]]]
                ) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """The 0.1-point buckets of the wanted points, by (dimension, point): at most ten rows per point."""
    h = ScoreHistogram
    ranges = [and_(h.dimension_id == d, h.bucket >= at * BUCKETS_PER_POINT, h.bucket < (at + 1) * BUCKETS_PER_POINT)
              for d, found in sorted(wanted.items()) for at, _before in found]
    if not ranges:
        return {}
    buckets: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for dimension_id, b, count in db.session.execute(
            select(h.dimension_id, h.bucket, h.count).where(*in_cell, or_(*ranges))):
        buckets.setdefault((dimension_id, b // BUCKETS_PER_POINT), []).append((b, count))
    return buckets
