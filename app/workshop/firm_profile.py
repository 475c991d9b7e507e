"""The firm's profile, given once by the consultant, so that participants start with the questions.

The profile (industry, size, state, ...) is a fact about the firm, not a matter of opinion:
ten people typing it on their phones would only disagree by mistake. The consultant fills it
in once, on the check's own profile page (app/answering, so the same questions, validation and
accessibility), and every participant who joins afterwards starts with the first page of
questions; the consensus takes it too. Participants who joined before keep their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from .. import live
from ..answering import PROFILE, show_page, submit_page
from ..i18n import current_language
from ..models import Workshop
from . import bp, questionnaire_of


@dataclass
class FirmSheet:
    """The profile page's record: the workshop's profile and nothing else. Its id is negative so that
    input kept on "Back" (app/answering/drafts.py, keyed by id) never meets an assessment's."""

    id: int
    profile: dict[str, Any]
    answers: dict[str, Any] = field(default_factory=dict)
    pages_done: list[str] = field(default_factory=list)


@bp.route("/workshops/<int:workshop_id>/profile", methods=["GET", "POST"])
def firm_profile(workshop_id: int) -> Response | str | tuple[str, int]:
    workshop: Workshop = g.workshop
    q = questionnaire_of(workshop)
    sheet = FirmSheet(id=-workshop.id, profile=dict(workshop.profile or {}))
    action = url_for(".firm_profile", workshop_id=workshop_id)
    if request.method == "GET":
        return render_template("workshop/firm_profile.html", q=q, workshop=workshop, action=action,
                               **show_page(q, sheet, PROFILE, current_language()).context())
    sent = submit_page(q, sheet, PROFILE, request.form, current_language())
    if sent.view is not None:
        return render_template("workshop/firm_profile.html", q=q, workshop=workshop, action=action,
                               **sent.view.context()), sent.status
    workshop.profile = sent.profile
    live.changed(workshop.id)
    return redirect(url_for(".projector", workshop_id=workshop_id), code=303)
