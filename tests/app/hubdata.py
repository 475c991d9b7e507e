"""Stored results in bulk, as a hub's figures are made from them: no questions answered, only the rows
the aggregates read (assessment, result, result_dimension), written with plain INSERTs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from flask import Flask
from sqlalchemy import insert

from app import organisations
from app.extensions import db
from app.models import Assessment, StoredDimension, StoredResult

from .people import organisation

AREAS = ("strategy", "customers", "processes", "data_ai", "security", "people")  # the Quick-Check's
LEVELS = ((80.0, "leader"), (60.0, "advanced"), (40.0, "practitioner"), (20.0, "explorer"), (0.0, "beginner"))


def level_of(score: float) -> str:
    return next(level for start, level in LEVELS if score >= start)


@dataclass
class Firm:
    industry: str | None = "C"
    size_class: str | None = "small"
    state: str | None = "ST"
    postcode_region: str | None = "39"
    quarter: str = "2026-Q3"
    scores: dict[str, float] = field(default_factory=dict)  # area -> score; missing areas: a seeded score
    organisation_id: int | None = None
    source: str = "public"
    consent: bool = True
    demo: bool = False
    previous_id: int | None = None


def store_firms(firms: list[Firm], *, seed: int = 1, questionnaire_id: str = "quick-check") -> list[int]:
    """Write the firms' stored results (in an app context; the caller commits); their assessment ids."""
    rng = random.Random(seed)
    start = (db.session.scalar(db.select(db.func.max(Assessment.id))) or 0) + 1
    ids = list(range(start, start + len(firms)))
    moment = datetime(2026, 8, 1, tzinfo=timezone.utc)
    assessments: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    dimensions: list[dict[str, Any]] = []
    for i, f in zip(ids, firms, strict=True):
        scores = {a: f.scores.get(a, round(rng.uniform(0, 100), 1)) for a in AREAS}
        overall = round(sum(scores.values()) / len(scores), 1)
        assessments.append({"id": i, "token_hash": f"h{i:063d}", "questionnaire_id": questionnaire_id,
                            "questionnaire_version": "1", "content_hash": "x", "consent_version": "1",
                            "consent_statistics": f.consent, "completed_at": moment, "demo": f.demo,
                            "organisation_id": f.organisation_id, "profile": {}, "answers": {}, "pages_done": []})
        results.append({"assessment_id": i, "questionnaire_id": questionnaire_id, "questionnaire_version": "1",
                        "industry": f.industry, "size_class": f.size_class, "state": f.state,
                        "postcode_region": f.postcode_region, "quarter": f.quarter, "source": f.source,
                        "organisation_id": f.organisation_id, "previous_id": f.previous_id,
                        "consent_statistics": f.consent, "demo": f.demo, "score": overall,
                        "level_id": level_of(overall), "completed_at": moment})
        dimensions += [{"assessment_id": i, "dimension_id": a, "score": s, "level_id": level_of(s)}
                       for a, s in scores.items()]
    db.session.execute(insert(Assessment), assessments)
    db.session.execute(insert(StoredResult), results)
    db.session.execute(insert(StoredDimension), dimensions)
    return ids


def two_hubs(app: Flask) -> tuple[int, int]:
    """Digital Hub Sachsen-Anhalt (serving the state "ST") and Hub Bremen (serving none): their ids."""
    st_id, hb_id = organisation(app, "hub-st", "Digital Hub Sachsen-Anhalt"), organisation(app, "hub-hb", "Hub Bremen")
    with app.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        st.states = ["ST"]
        db.session.commit()
    return st_id, hb_id
