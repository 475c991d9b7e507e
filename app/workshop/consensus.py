"""Recording the consensus: the team's agreed answer per question, page by page, as the firm's result.

The consultant goes through the check's own question pages (app/answering), pre-filled with
the team's middle answers and changed with a tap; then records that the firm agreed to the
storing (and whether to statistics). The consensus is an assessment of its own (source
"workshop_consensus"), so its results page, steps, centres and PDF are the public check's.
"""

from __future__ import annotations

from flask import abort, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from .. import assessments, outcome, workshops
from ..answering import pages, show_page, submit_page
from ..i18n import current_language
from ..presenters import score_text
from ..models import Assessment, Workshop
from ..workshops import WorkshopError
from ..security import CHART_POLICY
from . import bp, questionnaire_of


@bp.post("/workshops/<int:workshop_id>/consensus")
def start_consensus(workshop_id: int) -> Response:
    workshop: Workshop = g.workshop
    q = questionnaire_of(workshop)
    consensus = workshops.start_consensus(workshop, q)
    first = next((p for p in pages(q) if p not in consensus.pages_done), pages(q)[0])
    return redirect(url_for(".consensus_page", workshop_id=workshop_id, page=first), code=303)


def _consensus(workshop: Workshop) -> Assessment:
    found = workshops.consensus_of(workshop)
    if found is None:
        abort(404)
    return found


@bp.route("/workshops/<int:workshop_id>/consensus/<page>", methods=["GET", "POST"])
def consensus_page(workshop_id: int, page: str) -> Response | str | tuple[str, int]:
    workshop: Workshop = g.workshop
    q = questionnaire_of(workshop)
    consensus = _consensus(workshop)
    action = url_for(".consensus_page", workshop_id=workshop_id, page=page)
    notes, answers_sent = _split_notes(request.form)
    shown = {**(workshop.notes or {}), **notes}  # a page shown again with errors keeps what was typed
    if request.method == "GET":
        return render_template("workshop/consensus_page.html", q=q, workshop=workshop, action=action, notes=shown, note_length=workshops.NOTE_LENGTH,
                               **show_page(q, consensus, page, current_language()).context())
    sent = submit_page(q, consensus, page, answers_sent, current_language())
    if sent.view is not None:
        return render_template("workshop/consensus_page.html", q=q, workshop=workshop, action=action, notes=shown, note_length=workshops.NOTE_LENGTH,
                               **sent.view.context()), sent.status
    try:
        workshops.save_notes(workshop, q, page, notes)
    except WorkshopError:
        abort(400, description=ngettext("A note belongs to a question of this page and has at most %(num)d character.",
                                        "A note belongs to a question of this page and has at most %(num)d characters.",
                                        workshops.NOTE_LENGTH))
    assessments.save(consensus, profile=sent.profile, answers=sent.answers)
    if sent.go_to is not None:
        return redirect(url_for(".consensus_page", workshop_id=workshop_id, page=sent.go_to), code=303)
    return redirect(url_for(".consensus_save", workshop_id=workshop_id), code=303)


def _split_notes(form: MultiDict[str, str]) -> tuple[dict[str, str], MultiDict[str, str]]:
    """The page's note fields ("note:<question id>") apart from its answers, which app/answering
    reads as the check's own page (where a field it did not render would count as tampering)."""
    notes = {name.removeprefix(workshops.NOTE_FIELD): form.get(name, "") for name in form
             if name.startswith(workshops.NOTE_FIELD)}
    answers: MultiDict[str, str] = MultiDict([(name, value) for name, value in form.items(multi=True)
                                              if not name.startswith(workshops.NOTE_FIELD)])
    return notes, answers


@bp.route("/workshops/<int:workshop_id>/consensus/save", methods=["GET", "POST"])
def consensus_save(workshop_id: int) -> Response | str | tuple[str, int]:
    """The firm's agreement to storing its result (required) and to statistics (optional), recorded."""
    workshop: Workshop = g.workshop
    q = questionnaire_of(workshop)
    consensus = _consensus(workshop)
    if request.method == "POST":
        if request.form.get("stored") != "y":
            return render_template("workshop/consensus_save.html", workshop=workshop, missing=True), 422
        workshops.save_consensus(workshop, consensus, q, statistics=request.form.get("statistics") == "y")
        return redirect(url_for(".result", workshop_id=workshop_id), code=303)
    return render_template("workshop/consensus_save.html", workshop=workshop, missing=False)


@bp.get("/workshops/<int:workshop_id>/result")
def result(workshop_id: int) -> Response:
    """The firm's result from the workshop: the public results page's content, with the workshop's section."""
    workshop: Workshop = g.workshop
    q = questionnaire_of(workshop)
    consensus = _consensus(workshop)
    if workshop.consensus_at is None or not consensus.completed:
        return redirect(url_for(".projector", workshop_id=workshop_id), code=303)
    page = render_template(
        "check/results.html", token=None, shared=None, workshop=workshop, questions=q.question_index,
        report_url=url_for(".result_pdf", workshop_id=workshop_id, language=current_language()),
        **outcome.page_context(q, consensus, current_language()))
    response = make_response(page)
    response.headers["Content-Security-Policy"] = CHART_POLICY
    return response


@bp.get("/workshops/<int:workshop_id>/result.pdf")
def result_pdf(workshop_id: int) -> Response:
    workshop: Workshop = g.workshop
    consensus = _consensus(workshop)
    if not consensus.completed:
        abort(409, description=_("The consensus has not been saved yet."))
    language = request.args.get("language", workshop.language)
    language = language if language in ("de", "en") else "de"
    q = questionnaire_of(workshop)
    questions = q.question_index
    section = {"firm": workshop.firm_name, "date": workshop.held_on.strftime("%d.%m.%Y"),
               "participants": workshop.summary.get("participants", 0),
               "disagreed": [{"question": questions[d["question"]].text.get(language),
                              "points": score_text(d["points"], language)}
                             for d in workshop.summary.get("disagreed", []) if d.get("question") in questions],
               "notes": dict(workshop.summary.get("notes") or {})}
    return outcome.report_response(q, consensus, language, workshop=section)


@bp.post("/workshops/<int:workshop_id>/repeat")
def repeat(workshop_id: int) -> Response:
    """The same firm and check again; when both consensuses are saved, the result shows before and after."""
    workshop: Workshop = g.workshop
    again = workshops.repeat(workshop, current_user, questionnaire_of(workshop))
    return redirect(url_for(".projector", workshop_id=again.id), code=303)
