"""Konvois: the organiser's list and board, and the member firms' pages (join, own page, sharing, leaving).

Members answer each round's check through the same pages as the public check, under a
private link made afresh each time they open it (app/konvois.py).
"""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.wrappers import Response

from questionnaires import Questionnaire

from ..content import pinned_questionnaire
from ..models import Konvoi

bp = Blueprint("konvoi", __name__)


@bp.after_request
def _private(response: Response) -> Response:
    """A member's pages (the link is the key) and the organiser's files are never cached or indexed."""
    if request.path.startswith(("/m/", "/k/")) or request.path.endswith((".pdf", ".csv")):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def questionnaire_of(konvoi: Konvoi) -> Questionnaire:
    return pinned_questionnaire(konvoi.questionnaire_id, konvoi.questionnaire_version)


from . import member_pages, organiser_pages  # noqa: E402,F401  (routes attach themselves to bp)
