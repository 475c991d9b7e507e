"""The public check: landing, consent, profile and dimension pages, results, delete, retake.

Routes stay thin: find the assessment, let app/answering read and show question pages,
store through app/assessments.py, redirect or render. Nothing here commits; the request's unit of work does (app/__init__).
"""

from __future__ import annotations

from typing import TypeVar

from flask import abort, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField
from wtforms.validators import InputRequired

from questionnaires import Questionnaire

from .. import answering, assessments, entry_links, konvois, outcome, sharing
from ..answering import PROFILE, pages, resume_page
from ..content import catalogue
from ..forms import Form
from ..i18n import LANGUAGES, current_language
from ..security import CHART_POLICY
from ..assessments import Snapshot
from ..models import Assessment
from ..workshop.end import team_end
from ..workshop.pace import held_back, refuse_unopened
from . import bp


AssessmentT = TypeVar("AssessmentT", Assessment, Snapshot)


class ConsentForm(Form):
    via = HiddenField()  # the entry link the check was started from, if any
    agree = BooleanField(_l("Consent"), validators=[InputRequired(message=_l("Please agree, otherwise we cannot store your answers."))])
    statistics = BooleanField(_l("Statistics"), default=False)


@bp.get("/")
def landing() -> str:
    return render_template("check/landing.html", questionnaires=catalogue().latest())


def _questionnaire(questionnaire_id: str) -> Questionnaire:
    found = catalogue().get(questionnaire_id)
    if found is None:
        abort(404)
    return found


@bp.route("/check/<questionnaire_id>", methods=["GET", "POST"])
def start(questionnaire_id: str) -> Response | str | tuple[str, int]:
    """Consent first: nothing is stored before the person agrees."""
    q = _questionnaire(questionnaire_id)
    form = ConsentForm(via=request.args.get("via", ""))
    link = entry_links.find_active(form.via.data) if form.via.data else None
    if form.via.data and (link is None or q.id not in link.questionnaires):
        abort(404)  # an entry link that is gone, or does not offer this check
    organisation = link.organisation if link else None
    if form.validate_on_submit():
        assessment, token = assessments.start(q, current_language(), statistics=bool(form.statistics.data),
                                              organisation=organisation)
        return redirect(url_for(".page", token=token, page=PROFILE), code=303)
    status = 422 if form.errors else 200
    return render_template("check/consent.html", q=q, form=form, organisation=organisation), status


@bp.get("/e/<slug>")
def entry(slug: str) -> str:
    """An organisation's start page: its name and logo, the checks it offers."""
    link = entry_links.find_active(slug)
    if link is None:
        abort(404)
    offered = [q for q in catalogue().latest() if q.id in link.questionnaires]
    return render_template("check/entry.html", link=link, organisation=link.organisation, questionnaires=offered)


@bp.get("/e/<slug>/logo")
def entry_logo(slug: str) -> Response:
    link = entry_links.find_active(slug)
    if link is None or link.organisation.logo is None:
        abort(404)
    response = make_response(link.organisation.logo)
    response.headers["Content-Type"] = link.organisation.logo_type or "application/octet-stream"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def _assessment(token: str) -> tuple[Assessment, Questionnaire]:
    return _with_questionnaire(assessments.find(token))


def _not_a_participant(assessment: Assessment) -> None:
    """A workshop participant's answers are one voice of a team: no report, share or second round of their own."""
    if assessment.workshop_id is not None:
        abort(404)


def _snapshot(token: str) -> tuple[Snapshot, Questionnaire]:
    return _with_questionnaire(assessments.snapshot(token))


def _with_questionnaire(found: AssessmentT | None) -> tuple[AssessmentT, Questionnaire]:
    if found is None:
        abort(404)
    q = catalogue().get(found.questionnaire_id, found.questionnaire_version)
    if q is None:  # its questionnaire version was withdrawn from this deployment
        abort(410)
    return found, q


@bp.get("/a/<token>")
def resume(token: str) -> Response:
    assessment, q = _snapshot(token)
    page = resume_page(q, assessment)
    if page is None:
        return redirect(url_for(".results", token=token), code=303)
    return redirect(url_for(".page", token=token, page=page), code=303)


@bp.get("/a/<token>/<page>")
def page(token: str, page: str) -> str | tuple[str, int]:
    """Show a page with the answers stored so far; reading only, so from a snapshot."""
    assessment, q = _snapshot(token)
    waiting = held_back(assessment, q, page, token)  # a led workshop's room is not there yet
    if waiting is not None:
        return waiting
    return _render_page(q, token, answering.show_page(q, assessment, page, current_language()))


def _changeable(token: str, page: str) -> tuple[Assessment, Questionnaire]:
    """The assessment whose page `page` is being answered (locked: see find_to_change): 404 for a page it does
    not have, 409 once complete or while a led workshop has not opened the page."""
    assessment, q = _with_questionnaire(assessments.find_to_change(token))
    if page not in pages(q):
        abort(404)
    if assessment.completed:
        abort(409, description=_("This check is complete, so its answers can no longer change. "
                                 "Use “Take the check again” on the results page to start a new round."))
    refuse_unopened(assessment, q, page, token)
    if assessment.konvoi_round_id is not None and konvois.round_closed(assessment.konvoi_round_id):
        abort(409, description=_("This Konvoi round is closed, so its check can no longer change."))
    return assessment, q


@bp.post("/a/<token>/<page>")
def save_page(token: str, page: str) -> Response | tuple[str, int]:
    """Store a page's answers whole, then go on; with errors, show the page again (app/answering decides)."""
    assessment, q = _changeable(token, page)
    language = current_language()
    sent = answering.submit_page(q, assessment, page, request.form, language)
    if sent.view is not None:
        return _render_page(q, token, sent.view), sent.status
    assessments.save(assessment, profile=sent.profile, answers=sent.answers)
    assessment.language = language
    if sent.page_done:
        assessments.mark_page_done(assessment, page, pages(q))
    else:
        assessments.mark_page_open(assessment, page)
    if sent.go_to is None:
        return redirect(url_for(".results", token=token), code=303)
    return redirect(url_for(".page", token=token, page=sent.go_to), code=303)


@bp.post("/a/<token>/<page>/answer")
def save_answer(token: str, page: str) -> Response | tuple[Response, int]:
    """One answer, saved the moment it is given by the page's script (static/js/answer-save.js).

    Idempotent: it sets the question's answer, so a phone that sends it again after losing
    the network stores it once. 422 with the page's own message when it is not valid.
    """
    assessment, q = _changeable(token, page)
    language = current_language()
    fields = MultiDict([(k, v) for k, v in request.form.items(multi=True) if k != answering.QUESTION_FIELD])
    sent = answering.submit_answer(q, assessment, page, request.form.get(answering.QUESTION_FIELD, ""), fields,
                                   language)
    if sent.error is not None:
        return jsonify(error=sent.error), 422
    if sent.changed:
        assessments.save(assessment, profile=sent.profile, answers=sent.answers)
        assessment.language = language
    if sent.page_open:
        assessments.mark_page_open(assessment, page)
    return jsonify(question=sent.question, answer=sent.value, dropped=list(sent.dropped))


def _render_page(q: Questionnaire, token: str, view: answering.PageView) -> str:
    """The shared question page in the check's frame: posting back to itself, each answer saved as it is given
    (with JavaScript), the private link below."""
    return render_template("check/page.html", q=q, token=token,
                           action=url_for(".save_page", token=token, page=view.page),
                           answer_url=url_for(".save_answer", token=token, page=view.page), **view.context())


@bp.get("/a/<token>/results")
def results(token: str) -> Response | str:
    """Chart, levels, next steps and centres; the page may use Plotly, hence its own CSP."""
    assessment, q = _assessment(token)
    if not assessment.completed:
        return redirect(url_for(".resume", token=token), code=303)
    if assessment.workshop_id is not None:  # a workshop's participant answered for the team: the team's picture
        return team_end(assessment, q)
    context = outcome.page_context(q, assessment, current_language())
    matched = [m.centre.id for m in context["outcome"].centres]
    page = render_template(
        "check/results.html", token=token, report_url=url_for(".report", token=token, language=current_language()),
        shares=sharing.shares_of(assessment), share_with=sharing.candidates(assessment, matched), **context)
    response = make_response(page)
    response.headers["Content-Security-Policy"] = CHART_POLICY
    return response


@bp.get("/a/<token>/report.pdf")
def report(token: str) -> Response:
    """The PDF, in the language asked for (the results page passes the one it shows), else the assessment's."""
    assessment, q = _assessment(token)
    _not_a_participant(assessment)
    if assessment.completed_at is None:
        return redirect(url_for(".resume", token=token), code=303)
    language = request.args.get("language", assessment.language)
    if language not in LANGUAGES:
        abort(400, description=_("The report is available in German (de) and English (en)."))
    return outcome.report_response(q, assessment, language)


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> Response | str:
    assessment, q = _assessment(token)
    form = Form()
    if form.validate_on_submit():
        assessments.delete(assessment)
        return redirect(url_for(".deleted"), code=303)
    return render_template("check/delete.html", q=q, token=token, form=form)


@bp.get("/deleted")
def deleted() -> str:
    return render_template("check/deleted.html")


@bp.route("/a/<token>/again", methods=["GET", "POST"])
def again(token: str) -> Response | str | tuple[str, int]:
    """A new round of the same check, linked to this one so its results show before and after.

    Consent is asked again: it belongs to each assessment, and may be answered differently.
    """
    previous, _q = _assessment(token)
    _not_a_participant(previous)
    q = _questionnaire(previous.questionnaire_id)  # the newest version of the same check
    form = ConsentForm()
    if form.validate_on_submit():
        _new, new_token = assessments.start(q, current_language(), statistics=bool(form.statistics.data),
                                            previous=previous)
        return redirect(url_for(".page", token=new_token, page=PROFILE), code=303)
    status = 422 if form.errors else 200
    return render_template("check/consent.html", q=q, form=form, again=True), status
