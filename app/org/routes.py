"""The organisation pages. Routes stay thin: the services do the work, app/access.py decides who comes in."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from questionnaires import Questionnaire

from .. import accounts, api_tokens, audit, entry_links, outcome, sharing
from ..accounts import InvitationError
from ..content import catalogue
from ..entry_links import EntryLinkError
from ..extensions import db
from ..i18n import current_language
from ..models import Account, ApiToken, Assessment, EntryLink, Membership, Share
from ..security import CHART_POLICY
from . import bp, current_organisation, current_role, owned
from .forms import ApiTokenForm, EntryLinkForm, InviteForm, LogoForm, RoleForm

ENTRY_LINK_PROBLEMS = {
    "slug": _l("Please choose an address of 2 to 63 lower-case letters, digits and hyphens."),
    "questionnaires": _l("Please choose at least one of the checks offered here."),
    "taken": _l("This address is taken already; please choose another."),
}


@bp.get("/org")
def choose() -> Response | str:
    memberships = sorted(current_user.memberships, key=lambda m: m.organisation.name.lower())
    if len(memberships) == 1:
        return redirect(url_for(".overview", slug=memberships[0].organisation.slug))
    return render_template("org/choose.html", memberships=memberships)


@bp.get("/org/<slug>")
def overview(slug: str) -> str:
    organisation = current_organisation()
    role = current_role()
    link_form = EntryLinkForm()
    link_form.questionnaires.choices = [(q.id, q.title.get(current_language())) for q in catalogue().latest()]
    return render_template(
        "org/overview.html", organisation=organisation, role=role,
        members=sorted(organisation.memberships, key=lambda m: m.account.email),
        shared=sharing.shared_with(organisation) if role in ("admin", "consultant") else [],
        invite_form=InviteForm(), role_form=RoleForm(), link_form=link_form, logo_form=LogoForm())


@bp.post("/org/<slug>/invite")
def invite(slug: str) -> Response | str:
    organisation = current_organisation()
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400, description=_("Please enter an e-mail address and choose a role."))
    try:
        invited = accounts.invite(form.email.data or "", organisation=organisation, role=form.role.data,
                                  invited_by=current_user)
    except InvitationError:
        abort(400, description=_("Please enter an e-mail address and choose a role."))
    link = url_for("auth.invitation", token=invited.token, _external=True)
    if accounts.mail_invitation(invited.invitation.email, link, organisation.name):
        flash(_("The invitation was sent to %(email)s.", email=invited.invitation.email), "info")
        return redirect(url_for(".overview", slug=slug) + "#members", code=303)
    return render_template("org/invited.html", organisation=organisation, email=invited.invitation.email, link=link)


@bp.post("/org/<slug>/members/<int:membership_id>")
def member(slug: str, membership_id: int) -> Response:
    """Change a member's role, or remove the member; an admin cannot remove or demote themself."""
    organisation = current_organisation()
    found = owned(Membership, membership_id)
    if found.account_id == current_user.id:
        abort(409, description=_("You cannot change your own role; ask another administrator."))
    if request.form.get("action") == "remove":
        db.session.delete(found)
        audit.record("member_removed", account=current_user, organisation=organisation)
        flash(_("%(email)s no longer belongs to %(organisation)s.", email=found.account.email,
                organisation=organisation.name), "info")
    else:
        form = RoleForm()
        if not form.validate_on_submit():
            abort(400)
        found.role = form.role.data or found.role
        audit.record("role_change", account=current_user, organisation=organisation, role=found.role)
        flash(_("The role of %(email)s was changed.", email=found.account.email), "info")
    return redirect(url_for(".overview", slug=slug) + "#members", code=303)


@bp.post("/org/<slug>/links")
def add_link(slug: str) -> Response:
    organisation = current_organisation()
    form = EntryLinkForm()
    offered = {q.id for q in catalogue().latest()}
    form.questionnaires.choices = sorted(offered)
    if not form.validate_on_submit():
        abort(400, description=str(ENTRY_LINK_PROBLEMS["questionnaires" if form.questionnaires.errors else "slug"]))
    try:
        entry_links.create(organisation, form.slug.data or "", list(form.questionnaires.data or ()), offered)
    except EntryLinkError as problem:
        abort(400 if str(problem) != "taken" else 409, description=str(ENTRY_LINK_PROBLEMS[str(problem)]))
    audit.record("entry_link_created", account=current_user, organisation=organisation)
    flash(_("The page %(address)s is ready.", address=url_for("check.entry", slug=form.slug.data, _external=True)),
          "info")
    return redirect(url_for(".overview", slug=slug) + "#links", code=303)


@bp.post("/org/<slug>/links/<int:link_id>/off")
def link_off(slug: str, link_id: int) -> Response:
    found = owned(EntryLink, link_id)
    found.active = False
    flash(_("The page /e/%(slug)s is switched off.", slug=found.slug), "info")
    return redirect(url_for(".overview", slug=slug) + "#links", code=303)


@bp.post("/org/<slug>/logo")
def logo(slug: str) -> Response:
    organisation = current_organisation()
    upload = request.files.get("logo")
    if upload is None or not LogoForm().validate_on_submit():
        abort(400, description=_("Please choose a logo file."))
    try:
        entry_links.set_logo(organisation, upload.read(entry_links.LOGO_BYTES + 1))
    except EntryLinkError as problem:
        if str(problem) == "size":
            abort(413, description=_("The logo may be at most 200 KiB."))
        abort(415, description=_("The logo must be a PNG, JPEG or WebP image (SVG is not accepted)."))
    audit.record("logo_changed", account=current_user, organisation=organisation)
    flash(_("The logo was saved."), "info")
    return redirect(url_for(".overview", slug=slug) + "#links", code=303)


@bp.get("/org/<slug>/shared/<int:share_id>")
def shared_result(slug: str, share_id: int) -> Response:
    """What the firm shared: its answers, chart, steps and PDF; nothing of other firms, nothing else of it."""
    organisation = current_organisation()
    share, assessment, q = _shared(share_id)
    audit.record("shared_result_opened", account=current_user, organisation=organisation)
    page = render_template(
        "check/results.html", token=None, shared=share,
        report_url=url_for(".shared_report", slug=slug, share_id=share_id, language=current_language()),
        **outcome.page_context(q, assessment, current_language()))
    response = make_response(page)
    response.headers["Content-Security-Policy"] = CHART_POLICY
    return response


@bp.get("/org/<slug>/shared/<int:share_id>/report.pdf")
def shared_report(slug: str, share_id: int) -> Response:
    _share, assessment, q = _shared(share_id)
    language = request.args.get("language", current_language())
    return outcome.report_response(q, assessment, language if language in ("de", "en") else "de")


def _shared(share_id: int) -> tuple[Share, Assessment, Questionnaire]:
    """A result shared with this organisation, with its questionnaire; 404 for any other share id."""
    found = sharing.one_shared(current_organisation(), share_id)
    if found is None:
        abort(404)
    share, assessment = found
    q = catalogue().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if q is None:
        abort(410)
    return share, assessment, q


@bp.get("/org/<slug>/audit")
def audit_log(slug: str) -> str:
    organisation = current_organisation()
    events = audit.for_organisation(organisation)
    ids = {e.account_id for e in events if e.account_id is not None}
    emails = {a.id: a.email for a in db.session.scalars(select(Account).where(Account.id.in_(ids)))} if ids else {}
    return render_template("org/audit.html", organisation=organisation, events=events, accounts=emails)


@bp.get("/org/<slug>/api-tokens", endpoint="api_tokens")
def api_tokens_page(slug: str) -> str:
    organisation = current_organisation()
    return render_template("org/api_tokens.html", organisation=organisation, tokens=api_tokens.of(organisation),
                           form=ApiTokenForm(), secret=None)


@bp.post("/org/<slug>/api-tokens")
def create_api_token(slug: str) -> tuple[str, int] | str:
    """The secret is on this page only: it is stored nowhere, so it cannot be shown again."""
    organisation = current_organisation()
    form = ApiTokenForm()
    if not form.validate_on_submit():
        abort(400, description=_("Please give the token a name of at most 100 characters."))
    made, secret = api_tokens.create(organisation, form.name.data or "", created_by=current_user)
    return render_template("org/api_tokens.html", organisation=organisation, tokens=api_tokens.of(organisation),
                           form=ApiTokenForm(formdata=None), secret=secret, made=made), 201


@bp.post("/org/<slug>/api-tokens/<int:token_id>/revoke")
def revoke_api_token(slug: str, token_id: int) -> Response:
    found = owned(ApiToken, token_id)
    api_tokens.revoke(found, by=current_user)
    flash(_("The token “%(name)s” is revoked: scripts using it are refused from now on.", name=found.name), "info")
    return redirect(url_for(".api_tokens", slug=slug), code=303)
