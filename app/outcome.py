"""One presenter for a stored assessment's outcome: what the results page and the PDF show.

The firm's own results page and a consultant's view of a result the firm shared render the
same context (and the same template), so both always show the same scores, steps and centres.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import make_response
from flask_babel import ngettext
from werkzeug.wrappers import Response

from questionnaires import Questionnaire
from scoring import Result, evaluate, score

from .charts import radar_context
from .check.peers import MIN_GROUP, peer_group
from .content import catalogue, content
from .extensions import db
from .models import Assessment
from .presenters import answer_text, rating, score_text
from .report import ReportRequest, file_name, report_context, stored_report_pdf


def page_context(q: Questionnaire, assessment: Assessment, language: str) -> dict[str, Any]:
    data = content()
    outcome = evaluate(q, assessment.answers, assessment.profile, data.centres, data.regions)
    previous = previous_result(q, assessment)
    peers = peer_group(q, assessment)
    return {
        "q": q, "assessment": assessment, "outcome": outcome, "previous": previous, "peers": peers,
        "peer_note": None if peers else ngettext(
            "A comparison with similar companies appears here once at least %(num)d company of your industry "
            "and size has taken part.",
            "A comparison with similar companies appears here once at least %(num)d companies of your industry "
            "and size have taken part.", MIN_GROUP),
        "answer_text": lambda question, value: answer_text(question, value, language),
        "score": lambda value, digits=1: score_text(value, language, digits),
        "rating": rating,
        **radar_context(q, outcome.result, previous, peers, language),
    }


def report_response(q: Questionnaire, assessment: Assessment, language: str,
                    workshop: Mapping[str, Any] | None = None) -> Response:
    """The PDF as a download; kept per assessment and language, so a second download is instant."""
    assert assessment.completed_at is not None
    context = report_context(ReportRequest(
        questionnaire=q, answers=assessment.answers, profile=assessment.profile, language=language,
        completed_on=assessment.completed_at.date(), peers=peer_group(q, assessment),
        previous=previous_result(q, assessment), workshop=workshop,
    ))
    response = make_response(stored_report_pdf(assessment.id, context))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{file_name(context)}"'
    response.headers["Cache-Control"] = "private, no-store"  # never in shared caches
    return response


def previous_result(q: Questionnaire, assessment: Assessment) -> Result | None:
    """The round before, scored with its own questionnaire version, for before/after."""
    if assessment.previous_id is None:
        return None
    earlier = db.session.get(Assessment, assessment.previous_id)
    if earlier is None or not earlier.completed:
        return None
    version = catalogue().get(earlier.questionnaire_id, earlier.questionnaire_version)
    if version is None or [d.id for d in version.dimensions] != [d.id for d in q.dimensions]:
        return None
    return score(version, earlier.answers, earlier.profile)
