"""Comparison with similar companies: same check (id and version), industry and size class.

Read from the score histograms kept on write (app/results.py), never from the peers' results:
the database sums each dimension's buckets (at most 1,002) and sends only the few that hold
the quartiles, at most 7 rows per dimension, however many peers there are.
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

from flask import current_app
from sqlalchemy import Select, and_, case, func, or_, select

from questionnaires import Questionnaire
from scoring.aggregate import QUARTERS, Quartiles, Run, quartiles_of_runs

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

    The database does the counting: it sums each dimension's buckets in order (a window
    sum) and sends only the buckets that hold the quartile ranks, at most six per dimension
    plus its not-assessed count. So what a results page fetches and holds does not grow
    with the number of peers; the database's own work grows with the filled buckets, at
    most 1,002 per dimension. The ranks are those of scoring.aggregate.quartile_ranks, and
    the interpolation is its own (quartiles_of_runs), so the band is exactly the one
    scoring.aggregate.quartiles gives for the whole histogram.
    """
    runs: dict[str, list[Run]] = {}
    totals: dict[str, int] = {}
    unscored: dict[str, int] = {}
    for dimension_id, bucket, before, count, total in db.session.execute(_straddling(cell, own)):
        if bucket == NOT_ASSESSED:
            unscored[dimension_id] = count
        else:
            runs.setdefault(dimension_id, []).append(Run(bucket=bucket, before=before, count=count))
            totals[dimension_id] = total
    return {d: Spread(counted=totals.get(d, 0) + unscored.get(d, 0),
                      band=quartiles_of_runs(totals.get(d, 0), runs.get(d, ())))
            for d in totals.keys() | unscored.keys()}


def _straddling(cell: PeerCell, own: Mapping[tuple[str, int], int]) -> Select[str, int, int, int, int]:
    """The histogram rows of `cell` that hold a quartile rank, with the scores below each and their dimension's total.

    Row by row: `n` is the stored count less the company's own (passed in, subtracted here),
    `before` how many of the dimension's scores lie in lower buckets, `total` how many it
    has. The not-assessed bucket is summed apart (its own window partition), so it never
    shifts the ranks of scores and always comes back whole. A row is kept when its ranks
    [before, before + n) meet a quartile rank r = (total - 1) * k / 4 (integer division) or
    the rank after it, which interpolation may need.
    """
    h = ScoreHistogram
    taken = [(and_(h.dimension_id == d, h.bucket == b), n) for (d, b), n in sorted(own.items()) if n]
    counts = select(
        h.dimension_id, h.bucket, (h.count - case(*taken, else_=0) if taken else h.count).label("n"),
    ).where(
        h.questionnaire_id == cell[0], h.questionnaire_version == cell[1], h.industry == cell[2],
        h.size_class == cell[3], h.demo == cell[4], h.count > 0,
    ).subquery("counts")
    partition = (counts.c.dimension_id, counts.c.bucket >= 0)
    ranked = select(
        counts.c.dimension_id, counts.c.bucket, counts.c.n,
        (func.sum(counts.c.n).over(partition_by=partition, order_by=counts.c.bucket, rows=(None, 0))
         - counts.c.n).label("before"),
        func.sum(counts.c.n).over(partition_by=partition).label("total"),
    ).subquery("ranked")
    meets = [and_(ranked.c.before <= rank + 1, ranked.c.before + ranked.c.n > rank)
             for rank in ((ranked.c.total - 1) * k // QUARTERS for k in range(1, QUARTERS))]
    return select(ranked.c.dimension_id, ranked.c.bucket, ranked.c.before, ranked.c.n, ranked.c.total).where(
        ranked.c.n > 0, or_(*meets))
