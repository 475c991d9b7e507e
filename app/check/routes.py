"""The public check: landing, consent, profile and dimension pages, results, delete, retake.

Routes stay thin: find the assessment, build the page's form, hand values to the
services, render. Nothing here commits; the request's unit of work does (app/__init__).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField
from wtforms.validators import InputRequired

from questionnaires import Questionnaire
from scoring import InvalidAnswer, check_answers, visible_questions

from .. import assessments, entry_links, outcome, sharing
from ..content import catalogue
from ..i18n import LANGUAGES, current_language
from ..security import CHART_POLICY
from ..assessments import Snapshot
from ..models import Assessment
from . import bp
from .flow import (PROFILE, AnswersSoFar, live_questions, may_show, page_questions, page_sections, page_title, pages,
                   progress, resume_page, shown_on_page, stored_on_page)
from . import drafts
from .choices import SEEN_FIELD, live_condition, render_question, shown_from_answer, shown_from_form
from .forms import SPECIAL_SUFFIX, Tampered, answers_from, build_form, reject_tampering


AssessmentT = TypeVar("AssessmentT", Assessment, Snapshot)


class ConsentForm(FlaskForm):
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
def page(token: str, page: str) -> str:
    """Show a page with the answers stored so far; reading only, so from a snapshot.

    Input that was not valid when the person went back is shown again, with its message.
    """
    assessment, q = _snapshot(token)
    if page not in pages(q):
        abort(404)
    language = current_language()
    stored = assessment.profile if page == PROFILE else assessment.answers
    questions = may_show(q, page, assessment)
    shown = {qu.id for qu in shown_on_page(q, page, assessment, stored_on_page(q, page, assessment))}
    draft = drafts.read(assessment.id, page)
    kept = [qu for qu in questions if draft is not None and qu.id in draft]
    views = {qu.id: shown_from_answer(qu, stored.get(qu.id), language) for qu in questions}
    if kept and draft is not None:
        form, _values = _checked(kept, language, draft)
        views.update({qu.id: shown_from_form(qu, form) for qu in kept})
    blocks = {qu.id: render_question(q, qu, language, replace(views[qu.id], hidden=qu.id not in shown))
              for qu in questions}
    errors = [(qu.id, qu.text.get(language), message) for qu in kept for message in views[qu.id].errors]
    return _render_page(q, assessment, token, page, blocks, errors, _known_for_conditions(q, assessment, questions))


def _checked(questions: list[Any], language: str, formdata: MultiDict[str, str]) -> tuple[FlaskForm, dict[str, Any]]:
    """The page's form filled from posted (or kept) input, with every field's errors found,
    and the valid answers: what was answered and passed every check."""
    form = build_form(questions, language, formdata)
    try:
        reject_tampering(form, formdata)
    except Tampered:
        abort(400)
    form.validate()  # a CSRF failure never gets here (CSRFProtect refuses the request first)
    posted = answers_from(form, questions)
    return form, {k: v for k, v in posted.items() if v is not None and not form[k].errors}


@bp.post("/a/<token>/<page>")
def save_page(token: str, page: str) -> Response | tuple[str, int]:
    """Store a page's answers whole, then go on; with errors, show the page again.

    "Back" always goes back: the valid answers are stored, invalid input is kept aside
    (see drafts.py), and the page counts as not done until it is sent complete.
    Without JavaScript a follow-up question called for by an answer on this page was
    never seen, so the page comes back with it instead of going on.
    """
    assessment, q = _assessment(token)
    all_pages = pages(q)
    if page not in all_pages:
        abort(404)
    if assessment.completed:
        abort(409, description=_("This check is complete, so its answers can no longer change. "
                                 "Use “Take the check again” on the results page to start a new round."))
    language = current_language()
    questions = may_show(q, page, assessment)
    form, values = _checked(questions, language, request.form)
    visible = shown_on_page(q, page, assessment, values)
    seen = set(request.form.getlist(SEEN_FIELD))
    unseen = [qu for qu in visible if qu.id in live_questions(q, page) and qu.id not in seen and qu.id not in values]
    wrong = [qu for qu in visible if form[qu.id].errors and qu not in unseen]
    index = all_pages.index(page)
    going_back = request.form.get("move") == "back" and index > 0
    drafts.forget(assessment.id, page)
    if not going_back and (wrong or unseen):
        shown = {qu.id for qu in visible}
        views = {qu.id: shown_from_form(qu, form) for qu in questions}
        blocks = {qu.id: render_question(q, qu, language, replace(views[qu.id], hidden=qu.id not in shown,
                                                                  errors=() if qu in unseen else views[qu.id].errors))
                  for qu in questions}
        errors = [(qu.id, qu.text.get(language), message) for qu in wrong for message in views[qu.id].errors]
        new = [(qu.id, qu.text.get(language)) for qu in unseen]
        known = _known_for_conditions(q, assessment, questions)
        return _render_page(q, assessment, token, page, blocks, errors, known, new), 422 if wrong else 200
    shown_ids = {qu.id for qu in visible}
    _save(q, assessment, page, {k: v for k, v in values.items() if k in shown_ids})
    assessment.language = language
    if going_back:
        drafts.keep(assessment.id, page, [(name, request.form.getlist(name)) for qu in wrong
                                          for name in (qu.id, qu.id + SPECIAL_SUFFIX)])
        if wrong or unseen:
            assessments.mark_page_open(assessment, page)
        else:
            assessments.mark_page_done(assessment, page, all_pages)
        return redirect(url_for(".page", token=token, page=all_pages[index - 1]), code=303)
    assessments.mark_page_done(assessment, page, all_pages)
    if index + 1 < len(all_pages):
        return redirect(url_for(".page", token=token, page=all_pages[index + 1]), code=303)
    return redirect(url_for(".results", token=token), code=303)


def _save(q: Questionnaire, assessment: Assessment, page: str, values: dict[str, Any]) -> None:
    """Replace this page's answers; answers to hidden questions anywhere are dropped."""
    on_page = {qu.id for qu in page_questions(q, page)}
    if page == PROFILE:
        profile = {**{k: v for k, v in assessment.profile.items() if k not in on_page}, **values}
        answers = assessment.answers
    else:
        profile = assessment.profile
        answers = {**{k: v for k, v in assessment.answers.items() if k not in on_page}, **values}
    try:
        checked, _checked_profile = check_answers(q, answers, profile)
    except InvalidAnswer:
        abort(400)
    visible = set(visible_questions(q, checked, profile))
    answers = {k: v for k, v in answers.items() if k in visible}
    assessments.save(assessment, profile=profile, answers=answers)


def _known_for_conditions(q: Questionnaire, assessment: AnswersSoFar, questions: list[Any]) -> dict[str, Any]:
    """Earlier answers that this page's live conditions also look at (the person's own data)."""
    on_page = {qu.id for qu in questions}
    names = {name for qu in questions if live_condition(q, qu) is not None for name in qu.condition.references}
    values = {**assessment.profile, **assessment.answers}
    return {name: values[name] for name in names - on_page if name in values}


def _render_page(q: Questionnaire, assessment: AnswersSoFar, token: str, page: str, blocks: dict[str, Markup],
                 errors: list[tuple[str, str, str]], known: dict[str, Any],
                 new: list[tuple[str, str]] | None = None) -> str:
    """`blocks`: each question's markup by its id, in the page's order."""
    all_pages = pages(q)
    index = all_pages.index(page)
    return render_template(
        "check/page.html",
        q=q,
        token=token,
        page=page,
        title=page_title(q, page, current_language()),
        description=None if page == PROFILE else q.page_index[page].description,
        sections=page_sections(q, page, blocks),
        errors=errors,
        new=new or [],
        known=known,
        live=any("data-condition" in block for block in blocks.values()),
        progress=progress(q, assessment, page),
        has_previous=index > 0,
        is_last=index == len(all_pages) - 1,
    )


@bp.get("/a/<token>/results")
def results(token: str) -> Response | str:
    """Chart, levels, next steps and centres; the page may use Plotly, hence its own CSP."""
    assessment, q = _assessment(token)
    if not assessment.completed:
        return redirect(url_for(".resume", token=token), code=303)
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
    if assessment.completed_at is None:
        return redirect(url_for(".resume", token=token), code=303)
    language = request.args.get("language", assessment.language)
    if language not in LANGUAGES:
        abort(400, description=_("The report is available in German (de) and English (en)."))
    return outcome.report_response(q, assessment, language)


@bp.route("/a/<token>/delete", methods=["GET", "POST"])
def delete(token: str) -> Response | str:
    assessment, q = _assessment(token)
    form = FlaskForm()
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
    q = _questionnaire(previous.questionnaire_id)  # the newest version of the same check
    form = ConsentForm()
    if form.validate_on_submit():
        _new, new_token = assessments.start(q, current_language(), statistics=bool(form.statistics.data),
                                            previous=previous)
        return redirect(url_for(".page", token=new_token, page=PROFILE), code=303)
    status = 422 if form.errors else 200
    return render_template("check/consent.html", q=q, form=form, again=True), status
