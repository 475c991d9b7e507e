"""Workshop pages. Who may open them is in app/access.py; the projector's workshop is in g.workshop."""

from __future__ import annotations

import io

import segno
from flask import abort, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from .. import live, workshops
from ..access import enter_workshop, staff_organisation, staff_organisations
from ..charts import team_radar
from ..answering import resume_page
from ..answering.page_flow import page_title
from ..content import catalogue
from ..i18n import current_language
from ..models import Workshop
from ..presenters import score_text
from ..workshops import WorkshopError
from . import bp, export, questionnaire_of
from .forms import JoinForm, WorkshopForm

# Why a page could not be opened to the room (app/workshops.open_page's WorkshopError): status and message.
PACE_REFUSED = {
    "closed": (409, _l("This workshop is closed: its pages can no longer be opened.")),
    "free": (409, _l("Everyone answers at their own pace in this workshop: there is no page to open.")),
    "page": (400, _l("This check has no such page to open.")),
}


@bp.route("/workshops", methods=["GET", "POST"])
def index() -> Response | str | tuple[str, int]:
    """The workshops of the organisations the account runs workshops for, and a form for a new one."""
    organisations = staff_organisations()
    form = WorkshopForm()
    form.organisation.choices = [(str(i), name) for i, name in organisations]
    form.check.choices = [(q.id, q.title.get(current_language())) for q in catalogue().latest()]
    form.pace.choices = [("free", _("Everyone at their own pace")), ("led", _("Page by page, as I open them"))]
    if organisations and form.validate_on_submit():
        chosen = staff_organisation(form.organisation.data or "")
        q = catalogue().get(form.check.data or "")
        if q is None:
            abort(400)
        try:
            made = workshops.create(chosen, current_user, q, form.firm.data or "", language=form.language.data or "de",
                                    held_on=form.held_on.data, pace=form.pace.data or "free")
        except WorkshopError:
            abort(400, description=_("Please write the firm's name (at most 200 characters)."))
        return redirect(url_for(".projector", workshop_id=made.id), code=303)
    listed = workshops.of_organisations([i for i, _name in organisations])
    return render_template("workshop/index.html", form=form, workshops=listed, may_create=bool(organisations),
                           titles={q.id: q.title.get(current_language()) for q in catalogue().latest()}), \
        422 if form.errors else 200


@bp.get("/workshops/<int:workshop_id>")
def projector(workshop_id: int) -> str:
    """Readable from the back of a room: the code, a QR code, the short address, who joined and finished."""
    workshop: Workshop = g.workshop
    address = url_for(".join", code=workshop.code, _external=True)
    return render_template("workshop/projector.html", address=address, qr=_qr_svg(address),
                           **_live_context(workshop, "projector"))


@bp.get("/workshops/<int:workshop_id>/dashboard")
def dashboard(workshop_id: int) -> str:
    """The consultant's view: per question the team's answers, most disagreement first; per area the spread."""
    return render_template("workshop/dashboard.html", **_live_context(g.workshop, "dashboard"))


def _live_context(workshop: Workshop, view: str, version: str | None = None) -> dict[str, object]:
    """What the changing part of a view needs, with the version it shows (read first: a change
    committed while the page is made shows now or with the next poll, never not at all)."""
    version = version or live.version(workshop.id)
    q = questionnaire_of(workshop)
    shown = view == "dashboard" or workshop.revealed
    team = workshops.team(workshop, q) if shown else None
    language = current_language()
    return {"workshop": workshop, "q": q, "questions": q.question_index, "attendance": workshops.attendance(workshop),
            "team": team, "live_version": version, "roles": workshops.roles(workshop) if view == "dashboard" else [],
            "live_url": url_for(".live", workshop_id=workshop.id, view=view, t=live.viewer_token(workshop.id)),
            "score": _score, **(team_radar(q, team, language, phone=False) if team else {}),
            "room": workshops.room(workshop, q), "view": view,
            "page_title": lambda page: page_title(q, page, language) or _("About your business")}


@bp.get("/workshops/<int:workshop_id>/live", endpoint="live")
def live_part(workshop_id: int) -> Response:
    """The changing part of the dashboard or projector, polled by static/js/workshop-live.js.

    Guarded by the viewer token the page embedded (signed for this workshop, 12 hours), so that
    `If-None-Match` with the current version is answered 304 from Redis alone, without a
    database query (app/live.py answers it before the sign-in extensions load the account);
    a wrong or expired token is a 404. The fragment itself is sent only to a
    session that may see the workshop now (app/access.py, as for workshop_staff): 403 otherwise.
    """
    view = request.args.get("view", "dashboard")
    if view not in live.VIEWS or not live.token_is_for(request.args.get("t", ""), workshop_id):
        abort(404)
    version = live.redis_version(workshop_id)
    if version is not None and request.if_none_match.contains(version):
        return live.not_modified(version)
    enter_workshop(workshop_id)  # from here on the database is asked anyway
    if version is None:  # Redis is away (or not set up): the slower version from the database
        version = live.database_version(workshop_id)
        if request.if_none_match.contains(version):
            return live.not_modified(version)
    context = _live_context(g.workshop, view, version)
    response = make_response(render_template(f"workshop/_{view}_live.html", **context))
    response.set_etag(version)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/workshops/<int:workshop_id>/export.csv")
def export_csv(workshop_id: int) -> Response:
    """The team's distributions as a spreadsheet, also while the workshop runs; nothing below three answers."""
    workshop: Workshop = g.workshop
    q = questionnaire_of(workshop)
    response = make_response(export.csv_text(workshop, q, workshops.team(workshop, q)).encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.file_name(workshop)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/workshops/<int:workshop_id>/reveal")
def reveal(workshop_id: int) -> Response:
    """Show the distributions on the projector, or hide them again."""
    workshop: Workshop = g.workshop
    workshops.reveal(workshop, not workshop.revealed)
    return redirect(url_for(".projector", workshop_id=workshop_id), code=303)


@bp.post("/workshops/<int:workshop_id>/open-page")
def open_page(workshop_id: int) -> Response:
    """Open the next page to a led room. The form names the page (app/workshops.open_page), so a
    double click, or the projector and the dashboard both clicked, opens it once and never goes back."""
    workshop: Workshop = g.workshop
    try:
        workshops.open_page(workshop, questionnaire_of(workshop), request.form.get("page", ""))
    except WorkshopError as refused:
        status, message = PACE_REFUSED[str(refused)]
        abort(status, description=str(message))
    back = ".dashboard" if request.form.get("view") == "dashboard" else ".projector"
    return redirect(url_for(back, workshop_id=workshop_id), code=303)


def _score(value: float | None) -> str | None:
    """Points as people of the page's language write them (16,8 in German)."""
    return score_text(value, current_language())


@bp.post("/workshops/<int:workshop_id>/close")
def close(workshop_id: int) -> Response:
    workshops.close(g.workshop)
    return redirect(url_for(".projector", workshop_id=workshop_id), code=303)


@bp.route("/w/<code>", methods=["GET", "POST"])
def join(code: str) -> Response | str | tuple[str, int]:
    """A participant's door: what is stored and for how long, an optional role, then the questions."""
    workshop = workshops.find_open(code)
    if workshop is None:
        return render_template("workshop/no_workshop.html"), 404
    if code != workshop.code:  # typed in lower case or with spaces: the address people see is the canonical one
        return redirect(url_for(".join", code=workshop.code), code=303)
    q = questionnaire_of(workshop)
    form = JoinForm()
    if form.validate_on_submit():
        participant, token = workshops.join(workshop, q, form.role.data)
        page = resume_page(q, participant) or "profile"
        return redirect(url_for("check.page", token=token, page=page), code=303)
    return render_template("workshop/join.html", workshop=workshop, q=q, form=form), 422 if form.errors else 200


def _qr_svg(address: str) -> Markup:
    """The join address as an inline SVG QR code (segno): sharp at any projector size, nothing to fetch."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, omitsize=True,
                                        title=_("QR code to join the workshop"), svgclass="join-qr")
    return Markup(buffer.getvalue().decode("utf-8"))
