"""Showing one page of questions, and reading it back when it is sent: the same for every audience.

A business owner behind a private link, a workshop participant and a Konvoi member answer
through these two functions, so validation, messages, follow-up questions and the "Back"
button behave the same for all of them. They take the questionnaire, whose answers these
are, the page, what was posted and the language, and return plain results; finding the
person, storing, URLs and the page's frame stay with the audience's routes.

With JavaScript a page also saves each answer the moment it is given (`submit_answer`,
one question read with the same form and checks as its whole page), so a phone that loses
the network mid-page loses nothing; the page sent whole stays the authority.

Input no rendering of a page could have produced (a field it does not have, an option it
did not offer) and pages the questionnaire does not have are refused here, with 400 and
404, so no audience can forget to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from questionnaires import AnyQuestion, Questionnaire
from questionnaires.model import Text
from scoring import InvalidAnswer, check_answers, visible_questions

from . import drafts
from .answer_form import SPECIAL_SUFFIX, Tampered, answers_from, build_form, reject_tampering
from .page_flow import (PROFILE, AnswersSoFar, Progress, Section, live_questions, may_show, page_questions,
                        page_sections, page_title, pages, progress, shown_on_page, stored_on_page)
from .question_html import SEEN_FIELD, Shown, live_condition, render_question, shown_from_answer, shown_from_form

# Names the question a single answer is for (the page's script sends it with the question's
# fields). Not a valid question id (those have no hyphen), so it never clashes with one.
QUESTION_FIELD = "question-id"
NOT_ASKED_NOW = _l("This question does not apply with your other answers, so its answer was not saved. "
                   "Please reload the page.")


class AnswerSheet(AnswersSoFar, Protocol):
    """Whose answers a page shows and changes: an assessment, a read-only snapshot of one, or
    any other audience's record with the same fields. `id` keys the input kept on "Back"."""

    @property
    def id(self) -> int: ...


@dataclass(frozen=True)
class PageView:
    """What a question page shows inside the audience's own frame (header, links, URLs).

    `context()` gives the variables of templates/answering/page.html; the audience adds
    `q` and the form's `action` URL.
    """

    page: str
    title: str | None  # None: the profile page, which has a fixed title
    description: Text | None
    sections: list[Section]  # the rendered question blocks under their headings
    errors: list[tuple[str, str, str]]  # (question id, question text, message) for the summary at the top
    known: dict[str, Any]  # earlier answers the page's live conditions look at
    live: bool  # some question appears or disappears with answers on this page (needs the script)
    progress: Progress
    has_previous: bool
    is_last: bool
    new: list[tuple[str, str]] = field(default_factory=list)  # follow-up questions that just appeared: (id, text)

    def context(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class PageSubmission:
    """What to do with a sent page.

    With `view` set, show the page again with it and `status` (422 with errors, 200 when
    the answers called for follow-up questions not seen yet); nothing is to be stored.
    Otherwise store `profile` and `answers` (whole, this page's `values` merged in and
    answers to questions now hidden dropped), mark the page done or open by `page_done`,
    and go to the page `go_to`, or to the results when it is None.
    """

    view: PageView | None = None
    status: int = 200
    values: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    page_done: bool = False
    go_to: str | None = None


@dataclass(frozen=True)
class AnswerSubmission:
    """What to do with one answer sent on its own.

    With `error` set the answer is not valid (422, with the message the page would show
    under the question): nothing is to be stored. Otherwise store `profile` and `answers`
    (whole) when `changed`; `value` is the question's answer now (None: removed), `dropped`
    the answers removed because their questions are hidden now. `page_open`: the page now
    lacks a required answer, so it is to be asked again before the results.
    """

    question: str
    value: Any = None
    error: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()
    page_open: bool = False
    changed: bool = False


def show_page(q: Questionnaire, sheet: AnswerSheet, page: str, language: str) -> PageView:
    """A page with the answers stored so far (reading only, so a snapshot will do).

    Input that was not valid when the person went back is shown again, with its message.
    """
    if page not in pages(q):
        abort(404)
    stored = sheet.profile if page == PROFILE else sheet.answers
    questions = may_show(q, page, sheet)
    shown = {qu.id for qu in shown_on_page(q, page, sheet, stored_on_page(q, page, sheet))}
    draft = drafts.read(sheet.id, page)
    kept = [qu for qu in questions if draft is not None and qu.id in draft]
    views = {qu.id: shown_from_answer(qu, stored.get(qu.id), language) for qu in questions}
    if kept and draft is not None:
        form, _values = _checked(kept, language, draft)
        views.update({qu.id: shown_from_form(qu, form) for qu in kept})
    hidden = {qu.id: qu.id not in shown for qu in questions}
    return _view(q, sheet, page, language, questions, views, hidden, kept)


def submit_page(q: Questionnaire, sheet: AnswerSheet, page: str, formdata: MultiDict[str, str],
                language: str) -> PageSubmission:
    """Read a sent page: show it again with errors, or give the answers to store and where to go.

    "Back" always goes back: the valid answers are to be stored, invalid input is kept
    aside (see drafts.py), and the page counts as not done until it is sent complete.
    Without JavaScript a follow-up question called for by an answer on this page was
    never seen, so the page comes back with it instead of going on.
    """
    all_pages = pages(q)
    if page not in all_pages:
        abort(404)
    questions = may_show(q, page, sheet)
    form, values = _checked(questions, language, formdata)
    visible = shown_on_page(q, page, sheet, values)
    seen = set(formdata.getlist(SEEN_FIELD))
    unseen = [qu for qu in visible if qu.id in live_questions(q, page) and qu.id not in seen and qu.id not in values]
    wrong = [qu for qu in visible if form[qu.id].errors and qu not in unseen]
    index = all_pages.index(page)
    going_back = formdata.get("move") == "back" and index > 0
    drafts.forget(sheet.id, page)
    if not going_back and (wrong or unseen):
        shown = {qu.id for qu in visible}
        views = {qu.id: shown_from_form(qu, form) for qu in questions}
        views.update({qu.id: replace(views[qu.id], errors=()) for qu in unseen})
        hidden = {qu.id: qu.id not in shown for qu in questions}
        view = _view(q, sheet, page, language, questions, views, hidden, wrong,
                     new=[(qu.id, qu.text.get(language)) for qu in unseen])
        return PageSubmission(view=view, status=422 if wrong else 200)
    shown_ids = {qu.id for qu in visible}
    page_values = {k: v for k, v in values.items() if k in shown_ids}
    profile, answers = _merged(q, sheet, page, page_values)
    if going_back:
        drafts.keep(sheet.id, page, [(name, formdata.getlist(name)) for qu in wrong
                                     for name in (qu.id, qu.id + SPECIAL_SUFFIX)])
        return PageSubmission(values=page_values, profile=profile, answers=answers,
                              page_done=not (wrong or unseen), go_to=all_pages[index - 1])
    go_to = all_pages[index + 1] if index + 1 < len(all_pages) else None
    return PageSubmission(values=page_values, profile=profile, answers=answers, page_done=True, go_to=go_to)


def submit_answer(q: Questionnaire, sheet: AnswerSheet, page: str, question_id: str,
                  formdata: MultiDict[str, str], language: str) -> AnswerSubmission:
    """Read one question of a page, sent by the page's script as soon as it is answered.

    Parsed and checked by the very form of the whole page (for this one question), so an
    answer saved this way is one the page would have taken, with the same message when not.
    It sets the answer, never adds to anything, so the same request twice leaves the same
    state: a phone that retries never duplicates or loses an answer. Nothing given removes
    the answer, even of a required question: the person may be changing it, and whether
    anything is missing is for the whole page to say. That is also why it never marks a
    page done. A question the stored answers do not call for now is refused with 409: its
    answer would be dropped anyway, and the script is then out of step with the server.
    """
    if page not in pages(q):
        abort(404)
    question = next((qu for qu in page_questions(q, page) if qu.id == question_id), None)
    if question is None:
        abort(404)
    stored = stored_on_page(q, page, sheet)
    if question.id not in {qu.id for qu in shown_on_page(q, page, sheet, stored)}:
        abort(409, description=str(NOT_ASKED_NOW))
    form, values = _checked([question], language, formdata)
    names = (question.id, question.id + SPECIAL_SUFFIX)
    given = any(value.strip() for name in names for value in formdata.getlist(name))
    if given and form[question.id].errors:
        return AnswerSubmission(question=question.id, error=" ".join(str(e) for e in form[question.id].errors))
    page_values = {k: v for k, v in stored.items() if k != question.id}
    if given and values.get(question.id) is not None:
        page_values[question.id] = values[question.id]
    visible = shown_on_page(q, page, sheet, page_values)
    shown_ids = {qu.id for qu in visible}
    profile, answers = _merged(q, sheet, page, {k: v for k, v in page_values.items() if k in shown_ids})
    dropped = [k for k in sheet.profile if k not in profile] + [k for k in sheet.answers if k not in answers]
    drafts.forget_fields(sheet.id, page, names)
    return AnswerSubmission(
        question=question.id, value=page_values.get(question.id), profile=profile, answers=answers,
        dropped=tuple(k for k in dropped if k != question.id),
        page_open=any(qu.required and qu.id not in page_values for qu in visible),
        changed=profile != dict(sheet.profile) or answers != dict(sheet.answers))


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


def _merged(q: Questionnaire, sheet: AnswerSheet, page: str,
            values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Profile and answers with this page's replaced; answers to hidden questions anywhere are dropped."""
    on_page = {qu.id for qu in page_questions(q, page)}
    if page == PROFILE:
        profile = {**{k: v for k, v in sheet.profile.items() if k not in on_page}, **values}
        answers = dict(sheet.answers)
    else:
        profile = dict(sheet.profile)
        answers = {**{k: v for k, v in sheet.answers.items() if k not in on_page}, **values}
    try:
        checked, _checked_profile = check_answers(q, answers, profile)
    except InvalidAnswer:
        abort(400)
    visible = set(visible_questions(q, checked, profile))
    return profile, {k: v for k, v in answers.items() if k in visible}


def _known_for_conditions(q: Questionnaire, sheet: AnswersSoFar, questions: list[AnyQuestion]) -> dict[str, Any]:
    """Earlier answers that this page's live conditions also look at (the person's own data)."""
    on_page = {qu.id for qu in questions}
    names = {name for qu in questions if qu.condition is not None and live_condition(q, qu) is not None
             for name in qu.condition.references}
    values = {**sheet.profile, **sheet.answers}
    return {name: values[name] for name in names - on_page if name in values}


def _view(q: Questionnaire, sheet: AnswersSoFar, page: str, language: str, questions: list[AnyQuestion],
          views: Mapping[str, Shown], hidden: Mapping[str, bool], with_errors: list[AnyQuestion],
          new: list[tuple[str, str]] | None = None) -> PageView:
    """The page's view: each question rendered as `views` says, errors listed for `with_errors`."""
    blocks: dict[str, Markup] = {qu.id: render_question(q, qu, language, replace(views[qu.id], hidden=hidden[qu.id]))
                                 for qu in questions}
    all_pages = pages(q)
    index = all_pages.index(page)
    return PageView(
        page=page,
        title=page_title(q, page, language),
        description=None if page == PROFILE else q.page_index[page].description,
        sections=page_sections(q, page, blocks),
        errors=[(qu.id, qu.text.get(language), message) for qu in with_errors for message in views[qu.id].errors],
        known=_known_for_conditions(q, sheet, questions),
        live=any("data-condition" in block for block in blocks.values()),
        progress=progress(q, sheet, page),
        has_previous=index > 0,
        is_last=index == len(all_pages) - 1,
        new=new or [],
    )
