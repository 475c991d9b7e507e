"""Synthetic but plausible assessments, so that comparisons and hub views have data to show.

Each firm gets a latent maturity; its answers scatter around it, stronger in some
dimensions than others. Profiles follow a rough KMU mix: mostly micro and small firms,
states weighted by their number of companies, postcode regions inside the chosen state.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion, Questionnaire
from questionnaires.centres import RegionTable
from questionnaires.model import FreeText, MultipleChoice, Number, Scale
from scoring import visible_questions

from .assessments import start
from .models import Assessment, utcnow

SIZES = (("micro", 0.62), ("small", 0.25), ("medium", 0.11), ("large", 0.02))
STATES = (("nw", 21), ("by", 16), ("bw", 13), ("ni", 9), ("he", 7.5), ("sn", 5), ("rp", 5), ("be", 4.5),
          ("sh", 3.5), ("bb", 3), ("st", 2.5), ("th", 2.5), ("hh", 2.5), ("mv", 2), ("sl", 1.2), ("hb", 0.8))
INDUSTRIES = (("construction", 14), ("trade", 16), ("manufacturing", 10), ("professional", 13), ("business_services", 8),
              ("hospitality", 7), ("health_social", 7), ("ict", 5), ("logistics", 4), ("arts_other", 6),
              ("real_estate", 3), ("agriculture", 2), ("energy_utilities", 1.5), ("finance", 2), ("education", 1.5))


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def synthetic_profile(q: Questionnaire, regions: RegionTable, rng: random.Random) -> dict[str, Any]:
    state = _weighted(rng, STATES)
    industry = _weighted(rng, INDUSTRIES)
    candidates = [r.id for r in regions.regions if r.state == state] or [r.id for r in regions.regions]
    profile: dict[str, Any] = {
        "industry": industry,
        "crafts_business": "yes" if industry in ("construction", "arts_other") and rng.random() < 0.7 else "no",
        "size": _weighted(rng, SIZES),
        "state": state,
        "postcode_region": rng.choice(candidates),
        "role": rng.choice(["owner", "owner", "management", "it", "employee"]),
    }
    return {k: v for k, v in profile.items() if k in q.profile_index}


def _answer(question: AnyQuestion, level: float, rng: random.Random) -> Any:
    """An answer near `level` (0-1): the option whose score is closest, with some noise."""
    if question.allow_unknown and rng.random() < 0.04:
        return DONT_KNOW
    if question.allow_na and rng.random() < 0.03:
        return NOT_APPLICABLE
    target = min(1.0, max(0.0, rng.gauss(level, 0.18))) * 100
    if isinstance(question, Scale):
        return round(question.min + (question.max - question.min) * target / 100)
    if isinstance(question, Number):
        best = min(question.bands, key=lambda b: abs(b.score - target))
        following = [b.start for b in question.bands if b.start > best.start]
        high = following[0] if following else (question.max if question.max is not None else best.start + 10)
        value = rng.uniform(best.start, max(best.start, high - 1e-6))
        if question.max is not None:
            value = min(value, question.max)
        return round(value) if question.integer else round(value, 1)
    if isinstance(question, MultipleChoice):
        plain = [o for o in question.options if not o.exclusive]
        chosen = [o.id for o in plain if rng.random() < level]
        exclusive = [o.id for o in question.options if o.exclusive]
        return chosen or (exclusive[:1] if exclusive else [plain[0].id])
    options = question.options  # type: ignore[union-attr]
    return min(options, key=lambda o: abs((o.score or 0) - target) + rng.random() * 5).id


def synthetic_answers(q: Questionnaire, profile: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    base = rng.betavariate(2.2, 2.6)
    levels = {d.id: min(1.0, max(0.0, base + rng.gauss(0, 0.12))) for d in q.dimensions}
    answers: dict[str, Any] = {}
    for d in q.dimensions:
        for question in d.questions:
            if isinstance(question, FreeText) or rng.random() < 0.04:
                continue
            answers[question.id] = _answer(question, levels[d.id], rng)
    shown = set(visible_questions(q, answers, profile))
    return {k: v for k, v in answers.items() if k in shown}


def create_demo_assessments(q: Questionnaire, regions: RegionTable, n: int, seed: int) -> list[Assessment]:
    rng = random.Random(seed)
    created = []
    for _ in range(n):
        profile = synthetic_profile(q, regions, rng)
        assessment, _token = start(q, rng.choice(["de", "de", "de", "en"]), statistics=True)
        assessment.profile = profile
        assessment.industry, assessment.size_class, assessment.state = (
            profile.get("industry"), profile.get("size"), profile.get("state"))
        assessment.answers = synthetic_answers(q, profile, rng)
        finished = utcnow() - timedelta(days=rng.randint(0, 540), minutes=rng.randint(0, 1440))
        assessment.created_at = assessment.consented_at = finished - timedelta(minutes=rng.randint(5, 40))
        assessment.updated_at = assessment.completed_at = finished
        assessment.pages_done = ["profile", *(page.id for page in q.question_pages)]
        assessment.demo = True
        created.append(assessment)
    return created
