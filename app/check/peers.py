"""Comparison with similar companies: same check, industry and size class.

Only completed assessments whose owners agreed to statistics count, and a comparison is
shown only for groups of at least MIN_GROUP, so that no single company can be made out.
Real results are never compared with synthetic ones: demo rows (`digicheck demo-data`)
count only on a demo server (DIGICHECK_DEMO), and there only they count.
"""

from __future__ import annotations

from statistics import mean

from flask import current_app

from questionnaires import Questionnaire
from scoring import score

from ..extensions import db
from ..models import Assessment

MIN_GROUP = 10


def peer_averages(q: Questionnaire, assessment: Assessment) -> dict[str, float] | None:
    """Mean score per dimension of the peer group, or None when the group is too small."""
    if not assessment.industry or not assessment.size_class:
        return None
    peers = db.session.execute(
        db.select(Assessment.answers, Assessment.profile).where(
            Assessment.questionnaire_id == q.id,
            Assessment.questionnaire_version == q.version,
            Assessment.industry == assessment.industry,
            Assessment.size_class == assessment.size_class,
            Assessment.consent_statistics.is_(True),
            Assessment.completed_at.is_not(None),
            Assessment.id != assessment.id,
            Assessment.demo.is_(bool(current_app.config.get("DIGICHECK_DEMO"))),
        )
    ).all()
    if len(peers) < MIN_GROUP:
        return None
    per_dimension: dict[str, list[float]] = {d.id: [] for d in q.dimensions}
    for answers, profile in peers:
        for d in score(q, answers, profile).dimensions:
            if d.score is not None:
                per_dimension[d.dimension_id].append(d.score)
    return {k: round(mean(v), 1) for k, v in per_dimension.items() if len(v) >= MIN_GROUP}
