"""A participant of a led workshop waits for the room: a page the consultant has not opened yet is not shown.

The public check's page routes ask `held_back` before they show a page and `refuse_unopened`
before they store one, so the answering code stays the same for everyone (app/check/routes.py). Instead of the page the
participant gets a waiting page that moves on by itself once the page is open: without
JavaScript it reloads every WAIT_SECONDS (a meta refresh to the page waited for, so a
refused POST is never sent again); with it, static/js/workshop-wait.js asks `page_is_open`
every two seconds, which costs one small query and a few bytes rather than a rendered page.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from flask import abort, jsonify, make_response, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from questionnaires import Questionnaire

from .. import workshops
from ..answering import pages
from ..answering.page_flow import page_title
from ..errors import wants_json
from ..extensions import db
from ..i18n import current_language
from ..models import Workshop
from . import bp

WAIT_SECONDS = 5


class Participant(Protocol):
    """What the waiting page needs of an assessment, stored or a snapshot."""

    @property
    def workshop_id(self) -> int | None: ...

    @property
    def pages_done(self) -> Collection[str]: ...


def held_back(sheet: Participant, q: Questionnaire, page: str, token: str, *,
              status: int = 200) -> tuple[str, int] | None:
    """The waiting page (with `status`) when `page` is not open to this participant yet; None to go on.

    Only a led workshop's participants are ever held back; anyone else, and a page the
    check does not have (the route's own 404), go on as always.
    """
    if sheet.workshop_id is None or page not in pages(q):
        return None
    workshop = db.session.get(Workshop, sheet.workshop_id)
    if workshop is None or workshops.may_answer(workshop, q, page):
        return None
    opened = workshops.open_pages(workshop, q)
    unanswered = next((p for p in opened if p not in sheet.pages_done), None)
    back_to = unanswered or opened[-1]
    language = current_language()
    page_url = url_for("check.page", token=token, page=page)
    return render_template(
        "workshop/waiting.html", q=q, workshop=workshop, refused=status == 409, seconds=WAIT_SECONDS,
        page_url=page_url, poll_url=url_for("workshop.page_is_open", token=token, page=page),
        back_url=url_for("check.page", token=token, page=back_to), back_unanswered=unanswered is not None,
        back_title=page_title(q, back_to, language), number=pages(q).index(page) + 1, count=len(pages(q)),
    ), status


def refuse_unopened(sheet: Participant, q: Questionnaire, page: str, token: str) -> None:
    """Answers sent to a page the room has not opened: 409 and nothing stored. A page's form gets the
    waiting page (saying its answers were not saved), a script saving one answer the message as JSON."""
    waiting = held_back(sheet, q, page, token, status=409)
    if waiting is None:
        return
    if wants_json():
        abort(409, description=_("This page is not open yet, so your answers on it were not saved. "
                                 "You can answer it as soon as it opens."))
    abort(make_response(*waiting))


@bp.get("/a/<token>/<page>/open")
def page_is_open(token: str, page: str) -> Response:
    """Whether the link's holder may see the page now, as {"open": true|false}; 404 for an unknown link or page."""
    found = workshops.link_may_answer(token, page)
    if found is None:
        abort(404)
    response = jsonify(open=found)
    response.headers["Cache-Control"] = "no-store"
    return response
