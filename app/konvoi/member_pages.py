"""The member firm's pages: joining, its own page (progress, the group, sharing), a round's check, leaving.

No account: the join link lets a firm in, the membership link (`/m/<key>`, shown once and
kept only as a hash) is its key afterwards, and a round mail's signed link opens only that
round's check. An unknown or expired key gets 404 with a plain message, never a hint.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.wrappers import Response

from reports.radar import Series, radar_svg
from scoring.wording import decimal_mark

from .. import konvoi_board, konvois
from ..konvois import KonvoiError
from ..charts import level_rings
from ..i18n import current_language
from ..models import OVERALL, Konvoi, KonvoiEntry, KonvoiMember, KonvoiRound
from . import bp, questionnaire_of
from .forms import JoinForm, ShareForm
from .organiser_pages import board_context


def _member(key: str) -> KonvoiMember:
    found = konvois.find_member(key)
    if found is None:
        abort(404, description=_("This membership link is not known. Perhaps the firm has left the Konvoi."))
    return found


def _round(member: KonvoiMember, number: int) -> KonvoiRound:
    found = next((r for r in member.konvoi.rounds if r.number == number), None)
    if found is None:
        abort(404, description=_("This Konvoi has no such round."))
    return found


@bp.route("/k/<token>", methods=["GET", "POST"])
def join(token: str) -> Response | str | tuple[str, int]:
    konvoi = konvois.find_to_join(token)
    if konvoi is None:
        return render_template("konvoi/no_konvoi.html"), 404
    form = JoinForm()
    if form.validate_on_submit():
        try:
            member, secret = konvois.join(konvoi, token, form.display_name.data or "", form.email.data or "",
                                          mail_consent=bool(form.mail.data), statistics=bool(form.statistics.data))
        except KonvoiError as problem:
            (form.display_name if problem.field == "display_name" else form.email).errors = [str(problem)]
        else:
            flash(_("Welcome to the Konvoi. Bookmark this page or save its address: it is your firm's key to the "
                    "Konvoi, and it is shown nowhere else."), "info")
            del member
            return redirect(url_for(".member", key=secret), code=303)
    page = render_template("konvoi/join.html", konvoi=konvoi, form=form)
    return (page, 400) if form.errors else page


@bp.get("/m/<key>")
def member(key: str) -> str:
    found = _member(key)
    konvoi = found.konvoi
    questionnaire_of(konvoi)
    own = konvoi_board.own_rounds(found)
    forms = {}
    for r, entry, _figures in own:
        if r.opened_at is not None:
            forms[r.number] = ShareForm(formdata=None, sharing=entry.sharing if entry else "nothing",
                                        done_note=entry.done_note if entry else "",
                                        next_note=entry.next_note if entry else "")
    return render_template("konvoi/member.html", **board_context(konvoi), me=found, key=key, own=own, forms=forms,
                           progress=progress(konvoi, own))


def progress(konvoi: Konvoi, own: list[tuple[KonvoiRound, KonvoiEntry | None, konvoi_board.Figures | None]]) -> dict[str, Any] | None:
    """The firm's own progress: its first and latest completed round on one radar, and the change per area."""
    done = [(r, figures) for r, _entry, figures in own if figures is not None]
    if not done:
        return None
    q = questionnaire_of(konvoi)
    language = current_language()
    areas = [(d.id, d.title.get(language)) for d in q.dimensions]
    (first, before), (last, now) = done[0], done[-1]
    series = [Series(_("Round %(number)d", number=last.number), tuple(now.scores.get(a) for a, _t in areas))]
    if last is not first:
        series.insert(0, Series(_("Round %(number)d", number=first.number),
                                tuple(before.scores.get(a) for a, _t in areas), "previous"))
    svg = radar_svg([t for _a, t in areas], series, title=_("Your progress"), level_rings=level_rings(q, language),
                    decimal_mark=decimal_mark(language), marks=[str(i + 1) for i in range(len(areas))])
    change = [(title, _delta(before.scores.get(a), now.scores.get(a))) for a, title in [(OVERALL, _("Overall")), *areas]]
    return {"radar": Markup(svg), "first": first.number, "last": last.number, "change": change if last is not first else [],
            "areas": areas}


def _delta(before: float | None, now: float | None) -> float | None:
    return None if before is None or now is None else round(now - before, 1)


@bp.post("/m/<key>/rounds/<int:number>/check")
def take_round(key: str, number: int) -> Response:
    found = _member(key)
    return _to_check(found, _round(found, number))


@bp.route("/k/round/<signed>", methods=["GET", "POST"])
def round_from_mail(signed: str) -> Response | str | tuple[str, int]:
    """A round mail's link: a page with one button to this member's check of the round, while it is open.

    A button, not a redirect: mail programs and scanners open links in mail by themselves, and
    opening the check makes its private link new (the one the firm had would stop working).
    """
    resolved = konvois.from_round_link(signed)
    if resolved is None:
        return render_template("konvoi/no_round.html"), 404
    if request.method == "POST":
        return _to_check(*resolved)
    found, konvoi_round = resolved
    return render_template("konvoi/round_from_mail.html", me=found, konvoi=found.konvoi, konvoi_round=konvoi_round)


def _to_check(found: KonvoiMember, konvoi_round: KonvoiRound) -> Response:
    try:
        token = konvois.open_check(found, konvoi_round, questionnaire_of(found.konvoi))
    except KonvoiError as problem:
        abort(problem.status, description=str(problem))
    return redirect(url_for("check.resume", token=token), code=303)


@bp.post("/m/<key>/rounds/<int:number>/share")
def share(key: str, number: int) -> Response:
    found = _member(key)
    form = ShareForm()
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400, description=_("The form was too old or incomplete. Please open the page again."))
    try:
        konvois.share(found, _round(found, number), form.sharing.data or "nothing", form.done_note.data or "",
                      form.next_note.data or "")
    except KonvoiError as problem:
        abort(problem.status, description=str(problem))
    flash(_("Saved: this is what the group sees of round %(number)d.", number=number), "info")
    return redirect(url_for(".member", key=key, _anchor=f"round-{number}"), code=303)


@bp.post("/m/<key>/leave")
def leave(key: str) -> Response:
    found = _member(key)
    konvois.leave(found)
    flash(_("You have left the Konvoi. Your name, address, notes and what you shared are deleted."), "info")
    return redirect(url_for("check.landing"), code=303)
