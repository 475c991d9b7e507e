"""The PDF report of one assessment: what goes into it, in which language, and rendering it.

Everything the report shows is turned into plain strings and numbers here, in the
assessment's language (Flask-Babel under force_locale), so `reports/` only lays it out.
The web download and `digicheck report` both come through `report_pdf`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from questionnaires import Questionnaire
from questionnaires.model import AnyQuestion
from reports.pdf import render_pdf
from reports.radar import radar_svg
from scoring import Result, evaluate, recommend, visible_questions
from scoring.wording import written_number

from .charts import peer_caption, radar_arguments
from .presenters import answer_text, rating, score_text
from .content import content
from .legal import operator
from .extensions import db
from .models import Report

if TYPE_CHECKING:
    from .check.peers import PeerGroup

REPORT_FORMAT = "5"  # bump when templates/reports change, so cached PDFs are made again
# A check with at most this many questions gets the short report (the Quick-Check: at most five
# pages): the cover shares the first page with the summary, and the answers of all areas make one
# table instead of a section per area.
SHORT_REPORT_QUESTIONS = 20
# Profile answers shown on the cover, with their labels; nothing personal.
COVER_FACTS = {"industry": _l("Industry"), "size": _l("Size"), "state": _l("Region")}
# What the report says a questionnaire follows: only what the questionnaire declares (`based_on:`).
BASED_ON = {
    "eu_dma": _l("The check is modelled on the European Commission's Digital Maturity Assessment for small and "
                 "mid-sized companies, adapted to German businesses."),
}


@dataclass(frozen=True)
class ReportRequest:
    """One assessment's data, as the report needs it; nothing here identifies a person."""

    questionnaire: Questionnaire
    answers: Mapping[str, Any]
    profile: Mapping[str, Any]
    language: str
    completed_on: date
    peers: PeerGroup | None = None  # similar companies: how many, and their middle half per dimension
    previous: Result | None = None  # the round before, for before/after
    # A workshop's consensus: firm, date, participants, where the team disagreed most and the notes
    # per question (plain, frozen data).
    workshop: Mapping[str, Any] | None = None


def report_context(request: ReportRequest) -> dict[str, Any]:
    """Primitives only: strings, numbers, lists and dicts, and the radar as SVG markup."""
    with force_locale(request.language):
        return _context(request)


def fingerprint(context: Mapping[str, Any]) -> str:
    """Identifies a report's content: same fingerprint, same PDF, so a cached one may be served."""
    data = json.dumps(context, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{REPORT_FORMAT}\n{data}".encode()).hexdigest()


def report_pdf(context: Mapping[str, Any]) -> bytes:
    with force_locale(context["language"]):
        catalogue = get_translations()
    return render_pdf(context, catalogue, static_root=Path(current_app.static_folder or "static"))


def stored_report_pdf(assessment_id: int, context: Mapping[str, Any]) -> bytes:
    """The assessment's PDF for this context: the stored one if its content is unchanged, else a new one."""
    language, print_ = context["language"], fingerprint(context)
    stored = db.session.execute(
        select(Report.pdf).where(Report.assessment_id == assessment_id, Report.language == language,
                                 Report.fingerprint == print_).limit(1)
    ).scalar_one_or_none()
    if stored is not None:
        return bytes(stored)
    pdf = report_pdf(context)
    db.session.execute(delete(Report).where(Report.assessment_id == assessment_id, Report.language == language))
    db.session.add(Report(assessment_id=assessment_id, language=language, fingerprint=print_, pdf=pdf))
    return pdf


def file_name(context: Mapping[str, Any]) -> str:
    stem = "digitalisierungs-check" if context["language"] == "de" else "digitalisation-check"
    return f"{stem}-{context['date_iso']}.pdf"


def _context(request: ReportRequest) -> dict[str, Any]:
    q, language = request.questionnaire, request.language
    data = content()
    outcome = evaluate(q, request.answers, request.profile, data.centres, data.regions)
    result = outcome.result
    top = {r.action.id for r in outcome.actions}
    by_dimension: dict[str, list[dict[str, Any]]] = {}
    for recommendation in recommend(q, result, request.answers, request.profile, limit=len(q.actions)):
        action = {**_action(q, recommendation, language), "in_next_steps": recommendation.action.id in top}
        by_dimension.setdefault(recommendation.action.dimension, []).append(action)
    visible = set(visible_questions(q, request.answers, request.profile))
    number = partial(score_text, language=language)
    overall_level = q.level_index[result.level_id] if result.level_id else None
    return {
        "language": language,
        "title": q.title.get(language),
        "short": len(q.questions) <= SHORT_REPORT_QUESTIONS,
        "version": q.version,
        "date": format_date(request.completed_on, format="long", locale=language),
        "date_iso": request.completed_on.isoformat(),
        "company": _company(q, request.profile, language),
        "overall": {
            "score": number(result.score),
            "level": overall_level.title.get(language) if overall_level else None,
            "description": overall_level.description.get(language) if overall_level else None,
            "answered": result.answered,
            "asked": result.asked,
        },
        "radar_svg": _radar(q, result, request, language),
        "workshop": dict(request.workshop) if request.workshop else None,
        "comparison": {"peers": request.peers is not None, "previous": request.previous is not None,
                       "demo": request.peers is not None and bool(current_app.config.get("DIGICHECK_DEMO")),
                       "peer_caption": peer_caption() if request.peers else None},
        "dimensions": [
            _dimension(q, d, request, by_dimension.get(d.dimension_id, []), visible, language)
            for d in result.dimensions
        ],
        "top_actions": [_action(q, r, language) for r in outcome.actions],
        "centres": [
            {"name": m.centre.name, "city": m.centre.city, "website": m.centre.website,
             "website_label": m.centre.website_label,
             "distance": m.distance.get(language) if m.distance else None,
             "description": m.centre.description.get(language), "reason": m.reason.get(language)}
            for m in outcome.centres
        ],
        "levels": [
            {"title": level.title.get(language), "from": written_number(level.min, language),
             "to": written_number(level.max, language),
             "description": level.description.get(language)}
            for level in q.levels
        ],
        "publisher": _publisher(),
        "based_on": _based_on(q, language),
        "method": {"dont_know": q.scoring.dont_know, "overall": q.scoring.overall,
                   "minimum_dimensions": [d.title.get(language) for d in q.dimensions if d.aggregation == "minimum"]},
    }


def _publisher() -> dict[str, Any]:
    """Who publishes the report, and where the legal notice and privacy notice are (known in a request)."""
    who = operator()
    online = has_request_context()
    return {
        "configured": who.configured,
        "name": who.name,
        "address": ", ".join(line.strip() for line in who.address.splitlines() if line.strip()),
        "email": who.email,
        "imprint_url": url_for("legal.imprint", _external=True) if online else None,
        "privacy_url": url_for("legal.privacy", _external=True) if online else None,
    }


def _based_on(q: Questionnaire, language: str) -> str:
    """A published model only when declared; without a declaration, just whose questions these are."""
    if q.based_on is not None:
        return str(BASED_ON[q.based_on])
    return _("The questions and the points of each answer are those of the questionnaire “%(title)s”, "
             "version %(version)s.", title=q.title.get(language), version=q.version)


def _company(q: Questionnaire, profile: Mapping[str, Any], language: str) -> list[dict[str, str]]:
    facts = []
    for question in q.profile:
        value = profile.get(question.id)
        if question.id in COVER_FACTS and value is not None:
            text = answer_text(question, value, language)
            if question.id == "state" and profile.get("postcode_region"):
                text = _("%(state)s, postcode area %(area)s", state=text, area=profile["postcode_region"])
            facts.append({"label": str(COVER_FACTS[question.id]), "value": text})
    return facts


def _radar(q: Questionnaire, result: Result, request: ReportRequest, language: str) -> str:
    axes, series, options = radar_arguments(q, result, request.previous, request.peers, language)
    return radar_svg(axes, series, size=520, **options)  # options carry the peers' band


def _dimension(q: Questionnaire, d: Any, request: ReportRequest, actions: list[dict[str, Any]],
               visible: set[str], language: str) -> dict[str, Any]:
    number = partial(score_text, language=language)
    dimension = q.dimension_index[d.dimension_id]
    level = q.level_index[d.level_id] if d.level_id else None
    previous = request.previous.dimension(d.dimension_id).score if request.previous else None
    band = request.peers.dimensions.get(d.dimension_id) if request.peers else None
    return {
        "id": d.dimension_id,
        "title": dimension.title.get(language),
        "description": dimension.description.get(language) if dimension.description else None,
        "score": number(d.score),
        "score_value": d.score,
        "level": level.title.get(language) if level else None,
        "level_description": level.description.get(language) if level else None,
        "peers": number(band.median) if band else None,  # the similar companies' median
        "peers_band": f"{number(band.low)}–{number(band.high)}" if band else None,
        "previous": number(previous),
        "answered": d.answered,
        "asked": d.asked,
        "questions": _answers(dimension.questions, d.contributions, request.answers, visible, language,
                              (request.workshop or {}).get("notes") or {}),
        "actions": actions,
    }


def _answers(questions: tuple[AnyQuestion, ...], contributions: tuple[Any, ...], answers: Mapping[str, Any],
             visible: set[str], language: str, notes: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every question that was asked, with the answer given: scored ones with their points,
    free text as typed (it is not scored, but it is the company's own words), and a workshop's
    note to the agreed answer where the consultant wrote one."""
    scored = {c.question_id: c for c in contributions}
    number = partial(score_text, language=language)
    rows = []
    for question in questions:
        if question.id in scored:
            contribution = scored[question.id]
            rows.append({"text": question.text.get(language), "answer": answer_text(question, contribution.value, language),
                         "points": number(contribution.score, digits=0), "note": notes.get(question.id)})
        elif question.id in visible and answers.get(question.id) is not None:
            rows.append({"text": question.text.get(language), "answer": answer_text(question, answers[question.id], language),
                         "points": None, "note": notes.get(question.id)})
    return rows


def _action(q: Questionnaire, recommendation: Any, language: str) -> dict[str, Any]:
    action = recommendation.action
    return {
        "id": action.id,
        "title": action.title.get(language),
        "dimension": q.dimension_index[action.dimension].title.get(language),
        "text": action.text.get(language),
        "first_step": action.first_step.get(language) if action.first_step else None,
        "effort": rating(action.effort),
        "impact": rating(action.impact),
        "reason": recommendation.reason.get(language),
    }
