"""Comparison with similar companies: same check (id and version), industry and size class.

Read from the score histograms kept on write (app/results.py), so a results page costs the
same with ten peers as with a hundred thousand: at most (dimensions + 1) x 1,002 small rows.
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
from sqlalchemy import bindparam, select

from questionnaires import Questionnaire
from scoring.aggregate import Quartiles, quartiles

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


_HISTOGRAM = select(ScoreHistogram.dimension_id, ScoreHistogram.bucket, ScoreHistogram.count).where(
    ScoreHistogram.questionnaire_id == bindparam("questionnaire_id"),
    ScoreHistogram.questionnaire_version == bindparam("questionnaire_version"),
    ScoreHistogram.industry == bindparam("industry"),
    ScoreHistogram.size_class == bindparam("size_class"),
    ScoreHistogram.demo == bindparam("demo"),
    ScoreHistogram.count > 0,
)


def peer_group(q: Questionnaire, assessment: Assessment) -> PeerGroup | None:
    """The company's peer group, or None when it is too small (or the profile does not say industry and size)."""
    if not assessment.industry or not assessment.size_class:
        return None
    demo = bool(current_app.config.get("DIGICHECK_DEMO"))
    histograms: dict[str, Counter[int]] = {}
    for dimension_id, bucket, count in db.session.execute(_HISTOGRAM, {
        "questionnaire_id": q.id, "questionnaire_version": q.version, "industry": assessment.industry,
        "size_class": assessment.size_class, "demo": demo,
    }):
        histograms.setdefault(dimension_id, Counter())[bucket] += count
    cell = (q.id, q.version, assessment.industry, assessment.size_class, demo)
    for own, count in results.counted_cells([assessment.id]).items():
        if own[:5] == cell:  # counted in this very group: not its own peer
            histograms.setdefault(own[5], Counter())[own[6]] -= count
    group = sum(histograms.get(OVERALL, Counter()).values())
    if group < MIN_GROUP:
        return None
    bands = {}
    for d in q.dimensions:
        scored = {b: c for b, c in histograms.get(d.id, Counter()).items() if b != NOT_ASSESSED and c > 0}
        band = quartiles(scored)
        if band is not None and band.count >= MIN_GROUP:
            bands[d.id] = band
    return PeerGroup(count=group, dimensions=bands) if bands else None
