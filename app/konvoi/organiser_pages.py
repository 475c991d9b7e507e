"""The organiser's pages: the list with a form for a new Konvoi, the board, rounds, invitations, report, CSV.

Who may open them is in app/access.py (``konvoi_staff``: admins and consultants of the
Konvoi's organisation); the Konvoi is then in g.konvoi.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from reports.pdf import html_to_pdf
from scoring.konvoi import GROUP_MINIMUM

from .. import konvoi_board, konvois
from ..access import staff_organisation, staff_organisations
from ..content import catalogue
from ..i18n import current_language
from ..konvoi_board import Board
from ..konvois import KonvoiError
from ..presenters import score_text
from ..models import Konvoi, KonvoiRound, OVERALL, utcnow
from ..spreadsheets import safe
from ..workshop.export import slug
from . import bp, questionnaire_of
from .forms import InviteForm, KonvoiForm

SHARED_WORDS = {"nothing": lambda: _("nothing"), "levels": lambda: _("levels"), "scores": lambda: _("points")}


@bp.route("/konvois", methods=["GET", "POST"])
def index() -> Response | str | tuple[str, int]:
    """The Konvois of the organisations the account runs them for, and a form for a new one."""
    organisations = staff_organisations()
    form = KonvoiForm()
    form.organisation.choices = [(str(i), name) for i, name in organisations]
    form.check.choices = [(q.id, q.title.get(current_language())) for q in catalogue().latest()]
    refused = request.method == "POST" and not organisations  # only admins and consultants make Konvois
    if request.method == "POST" and organisations:
        if form.validate_on_submit():
            chosen = staff_organisation(form.organisation.data or "")
            q = catalogue().get(form.check.data or "")
            if q is None or form.first_on.data is None:
                abort(400)
            try:
                made = konvois.create(chosen, current_user, q, form.name.data or "", first_on=form.first_on.data,
                                      every_months=form.every_months.data or 3, rounds=form.rounds.data or 1,
                                      open_days=form.open_days.data or 21, language=form.language.data or "de")
            except KonvoiError as problem:
                abort(problem.status, description=str(problem))
            return redirect(url_for(".board", konvoi_id=made.id), code=303)
    titles = {q.id: q.title.get(current_language()) for q in catalogue().latest()}
    page = render_template("konvoi/index.html", konvois=konvois.of_organisations([i for i, _n in organisations]),
                           form=form, may_create=bool(organisations), titles=titles)
    return (page, 400) if form.errors or refused else page


def _areas(konvoi: Konvoi) -> list[tuple[str, str]]:
    q = questionnaire_of(konvoi)
    language = current_language()
    return [(OVERALL, _("Overall")), *((d.id, d.title.get(language)) for d in q.dimensions)]


def level_titles(konvoi: Konvoi) -> dict[str, str]:
    language = current_language()
    return {lv.id: lv.title.get(language) for lv in questionnaire_of(konvoi).levels}


def board_context(konvoi: Konvoi) -> dict[str, Any]:
    """What the board shows, for the organiser's page, the member's page and the round report alike."""
    areas = _areas(konvoi)
    view: Board = konvoi_board.board(konvoi, [a for a, _t in areas if a != OVERALL])
    language = current_language()
    return {"konvoi": konvoi, "areas": areas, "board": view, "levels": level_titles(konvoi),
            "minimum": GROUP_MINIMUM, "points": lambda value: score_text(value, language) or "–"}


@bp.get("/konvois/<int:konvoi_id>")
def board(konvoi_id: int) -> str:
    konvoi: Konvoi = g.konvoi
    join_link = url_for(".join", token=konvoi.join_token, _external=True)
    return render_template("konvoi/board.html", **board_context(konvoi), join_link=join_link, invite=InviteForm(),
                           today=utcnow().date())


def _round(konvoi: Konvoi, number: int) -> KonvoiRound:
    found = next((r for r in konvoi.rounds if r.number == number), None)
    if found is None:
        abort(404, description=_("This Konvoi has no such round."))
    return found


@bp.post("/konvois/<int:konvoi_id>/rounds/<int:number>/open")
def open_round(konvoi_id: int, number: int) -> Response:
    konvoi: Konvoi = g.konvoi
    try:
        queued = konvois.open_round(_round(konvoi, number))
    except KonvoiError as problem:
        abort(problem.status, description=str(problem))
    flash(ngettext("Round %(number)d is open; %(num)d member will get a mail.",
                   "Round %(number)d is open; %(num)d members will get a mail.", queued, number=number), "info")
    return redirect(url_for(".board", konvoi_id=konvoi.id), code=303)


@bp.post("/konvois/<int:konvoi_id>/rounds/<int:number>/close")
def close_round(konvoi_id: int, number: int) -> Response:
    konvoi: Konvoi = g.konvoi
    try:
        konvois.close_round(_round(konvoi, number))
    except KonvoiError as problem:
        abort(problem.status, description=str(problem))
    flash(_("Round %(number)d is closed.", number=number), "info")
    return redirect(url_for(".board", konvoi_id=konvoi.id), code=303)


@bp.post("/konvois/<int:konvoi_id>/invite")
def invite(konvoi_id: int) -> Response:
    konvoi: Konvoi = g.konvoi
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400, description=_("Please give an e-mail address."))
    try:
        konvois.invite(konvoi, form.email.data or "")
    except KonvoiError as problem:
        abort(problem.status, description=str(problem))
    flash(_("The invitation is on its way to %(email)s.", email=(form.email.data or "").strip().lower()), "info")
    return redirect(url_for(".board", konvoi_id=konvoi.id), code=303)


@bp.post("/konvois/<int:konvoi_id>/join-link")
def new_join_link(konvoi_id: int) -> Response:
    konvoi: Konvoi = g.konvoi
    konvois.new_join_link(konvoi)
    flash(_("There is a new join link; the old one no longer works. Members keep their own links."), "info")
    return redirect(url_for(".board", konvoi_id=konvoi.id), code=303)


@bp.post("/konvois/<int:konvoi_id>/delete")
def delete(konvoi_id: int) -> Response:
    """Everything of the Konvoi goes; members' checks stay only where they agreed to anonymous statistics."""
    konvoi: Konvoi = g.konvoi
    if request.form.get("confirm") != "yes":
        abort(400, description=_("Please tick the box to confirm that the Konvoi is to be deleted."))
    name = konvoi.name
    konvois.remove(konvoi)
    flash(_("The Konvoi “%(name)s” is deleted.", name=name), "info")
    return redirect(url_for(".index"), code=303)


@bp.get("/konvois/<int:konvoi_id>/rounds/<int:number>/report.pdf")
def report(konvoi_id: int, number: int) -> Response:
    """The round on paper for the group's meeting: the same as the board shows, up to this round."""
    konvoi: Konvoi = g.konvoi
    chosen = _round(konvoi, number)
    if chosen.opened_at is None:
        abort(409, description=_("This round has not been opened yet."))
    html = render_template("konvoi/report.html", **board_context(konvoi), shown_round=chosen,
                           made_on=utcnow().strftime("%d.%m.%Y"))
    response = make_response(html_to_pdf(html, static_root=Path(current_app.static_folder or "static")))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="konvoi-{slug(konvoi.name)}-round-{number}.pdf"'
    return response


@bp.get("/konvois/<int:konvoi_id>/export.csv")
def export_csv(konvoi_id: int) -> Response:
    """Per member and round what it shared (nothing beyond "took part" where it shared nothing)."""
    konvoi: Konvoi = g.konvoi
    context = board_context(konvoi)
    german = current_language() == "de"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if german else ",", lineterminator="\r\n")
    areas: list[tuple[str, str]] = context["areas"]
    level, points = _("level"), _("points")
    writer.writerow([_("Member"), _("Round"), _("Took part"), _("Shared"), *(f"{t} ({level})" for _a, t in areas),
                     *(f"{t} ({points})" for _a, t in areas), _("What we did"), _("What we plan")])
    for member, rounds in context["board"].members:
        for r, shared in zip(konvoi.rounds, rounds, strict=True):
            levels = shared.figures.levels if shared.figures else {}
            scores = shared.figures.scores if shared.figures else {}
            points = [scores.get(a) for a, _t in areas]
            writer.writerow([safe(member.display_name), r.number, _("yes") if shared.took_part else _("no"),
                             SHARED_WORDS[shared.sharing](), *(safe(context["levels"].get(levels.get(a) or "", "")) for a, _t in areas),
                             *(safe(p, "," if german else ".") for p in points), safe(shared.done_note),
                             safe(shared.next_note)])
    response = make_response("\ufeff" + buffer.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="konvoi-{slug(konvoi.name)}.csv"'
    return response
