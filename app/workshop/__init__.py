"""Workshops: the consultant's list and projector view, and the door participants join by code.

Participants then answer through the same pages as the public check, each under a private
link of its own (app/answering); the live dashboard and the consensus build on this.
"""

from __future__ import annotations

from flask import Blueprint

from questionnaires import Questionnaire

from ..content import pinned_questionnaire
from ..models import Workshop

bp = Blueprint("workshop", __name__)


def questionnaire_of(workshop: Workshop) -> Questionnaire:
    return pinned_questionnaire(workshop.questionnaire_id, workshop.questionnaire_version)


from . import consensus, firm_profile, pace, routes  # noqa: E402,F401  (routes attach themselves to bp)
