"""Who may use which route: one table, one check before every request.

Every endpoint of the app has an entry; a route without one answers 403 (and the
matrix test in tests/app/test_access.py fails). The kinds of access:

- ``public``: anyone; pages for business owners, the legal pages, static files.
- ``private_link``: anyone, but the page exists only for the holder of an assessment's
  private link (the route answers 404 for an unknown token); business owners never sign in.
- ``signing_in``: the steps of Flask-Security-Too's sign-in, reset and second-factor flows;
  open at the door because they run before the person is fully signed in, and the
  library checks its own state on each.
- ``account``: any signed-in account (its own settings).
- ``operator``: accounts with the platform flag.
- ``workshop_staff``: admins and consultants of the organisation that runs the workshop in the
  URL (``/workshops/<id>``); the workshop is then in ``g.workshop``.
- ``konvoi_staff``: the same for a Konvoi (``/konvois/<id>``); the Konvoi is then in ``g.konvoi``.
- ``org_member``, ``org_staff``, ``org_admin``, ``org_analyst``: members of the organisation named
  in the URL (``/org/<slug>/...``, ``/hub/<slug>``) with any role, with the role admin or
  consultant, admin only, or admin or analyst (who read the hub's published figures).
  Anyone else, a member of another organisation and an operator included, gets 403; the
  organisation is then in ``g.organisation`` for the page, which filters every query by it.
- ``api_token``: the JSON API (``/api/v1/...``): an active API token in ``Authorization: Bearer``,
  never a session. Its organisation is then in ``g.organisation`` (there is no organisation in
  the URL: a token reads its own organisation's figures and nothing else); anyone without one
  gets 401 with ``WWW-Authenticate: Bearer``, an address sending many bad tokens 429.
- ``monitoring_token``: /metrics for Prometheus: the deployment's one monitoring token
  (DIGICHECK_METRICS_TOKEN) in ``Authorization: Bearer``, never a session or an API token, and
  from an address in DIGICHECK_METRICS_ALLOW when that is set (else 403). Without the setting
  the route answers 404 to everyone; a wrong or missing token gets 401, many from one address 429.
"""

from __future__ import annotations

import hmac

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from . import api_tokens, metrics
from .extensions import db
from .limits import bad_token_allowed, bearer_token
from .models import Konvoi, Organisation, Workshop

OPEN = frozenset({"public", "private_link", "signing_in"})
# The roles each organisation kind admits.
ORGANISATION_ROLES = {"org_member": frozenset({"admin", "consultant", "analyst"}),
                      "org_analyst": frozenset({"admin", "analyst"}),
                      "org_staff": frozenset({"admin", "consultant"}), "org_admin": frozenset({"admin"})}

ACCESS: dict[str, str] = {
    # for load balancers and monitors: no figures, no names, nothing of anyone
    "health.healthz": "public",
    "health.readyz": "public",
    # business owners and everyone
    "check.landing": "public",
    "check.start": "public",
    "check.deleted": "public",
    "check.entry": "public",  # an organisation's start page
    "check.entry_logo": "public",
    "check.resume": "private_link",
    "check.page": "private_link",
    "check.save_page": "private_link",
    "check.save_answer": "private_link",  # one answer as it is given (the page's script)
    "check.results": "private_link",
    "check.report": "private_link",
    "check.delete": "private_link",
    "check.again": "private_link",
    "check.share": "private_link",
    "check.revoke_share": "private_link",
    "i18n.switch": "public",
    "legal.imprint": "public",
    "legal.privacy": "public",
    "assets.plotly_js": "public",
    "static": "public",
    "security.static": "public",
    # signing in (Flask-Security-Too's flows)
    "security.login": "signing_in",
    "security.logout": "signing_in",
    "security.forgot_password": "signing_in",
    "security.reset_password": "signing_in",
    "security.two_factor_token_validation": "signing_in",
    "security.two_factor_rescue": "signing_in",
    "security.two_factor_setup": "signing_in",  # the first sign-in sets up the authenticator app
    "security.two_factor_setup_validate": "signing_in",
    "security.tf_select": "signing_in",
    "security.mf_recovery": "signing_in",
    "security.wan_signin": "signing_in",
    "security.wan_signin_response": "signing_in",
    "auth.invitation": "public",  # the invitation's token is the key
    # an account's own settings
    "auth.account": "account",
    "auth.sign_out_everywhere": "account",
    "security.change_password": "account",
    "security.mf_recovery_codes": "account",
    "security.verify": "account",
    "security.wan_register": "account",
    "security.wan_register_response": "account",
    "security.wan_delete": "account",
    "security.wan_verify": "account",
    "security.wan_verify_response": "account",
    "org.choose": "account",
    # workshops: the consultant's pages, and the participants' door (the code is the key)
    "hub.index": "account",  # lists only the organisations whose figures the account may read
    "hub.portal": "org_analyst",
    "hub.export": "org_analyst",
    "hub.summary": "org_analyst",
    "workshop.index": "account",  # lists only the workshops of the account's own organisations
    "workshop.projector": "workshop_staff",
    "workshop.close": "workshop_staff",
    "workshop.dashboard": "workshop_staff",
    "workshop.reveal": "workshop_staff",
    "workshop.open_page": "workshop_staff",  # a led room's next page
    "workshop.firm_profile": "workshop_staff",  # the firm's facts, given once for the team
    "workshop.start_consensus": "workshop_staff",
    "workshop.consensus_page": "workshop_staff",
    "workshop.consensus_save": "workshop_staff",
    "workshop.result": "workshop_staff",
    "workshop.result_pdf": "workshop_staff",
    "workshop.repeat": "workshop_staff",
    "workshop.export_csv": "workshop_staff",
    # the live part of the dashboard and projector: the viewer token in the URL is the key, so that
    # "nothing changed" (304) needs no database; the part itself only goes to workshop_staff (the view checks)
    "workshop.live": "public",
    "workshop.join": "public",
    "workshop.page_is_open": "private_link",  # a waiting participant's poll: is my page open yet?
    # Konvois: the organiser's pages, and the member firms' (join link, membership link, a round mail's link)
    "konvoi.index": "account",  # lists only the Konvois of the account's own organisations
    "konvoi.board": "konvoi_staff",
    "konvoi.open_round": "konvoi_staff",
    "konvoi.close_round": "konvoi_staff",
    "konvoi.invite": "konvoi_staff",
    "konvoi.report": "konvoi_staff",
    "konvoi.export_csv": "konvoi_staff",
    "konvoi.delete": "konvoi_staff",
    "konvoi.new_join_link": "konvoi_staff",
    "konvoi.join": "public",  # the join link's token is the key
    "konvoi.round_from_mail": "public",  # the signed link is the key
    "konvoi.member": "private_link",
    "konvoi.take_round": "private_link",
    "konvoi.share": "private_link",
    "konvoi.leave": "private_link",
    # an organisation's pages
    "org.overview": "org_member",
    "org.shared_result": "org_staff",
    "org.shared_report": "org_staff",
    "org.invite": "org_admin",
    "org.member": "org_admin",
    "org.add_link": "org_admin",
    "org.link_off": "org_admin",
    "org.logo": "org_admin",
    "org.audit_log": "org_admin",
    "org.api_tokens": "org_admin",
    "org.create_api_token": "org_admin",
    "org.revoke_api_token": "org_admin",
    # the JSON API: a token of the organisation; its description is public
    "api.openapi": "public",
    "api.aggregates": "api_token",
    "api.quarters": "api_token",
    # Prometheus (app/metrics.py): counts by route rule, nothing of anyone; the monitoring token only
    "metrics.metrics": "monitoring_token",
}


def init_access(app: Flask) -> None:
    """The table is copied per app, so a test can add the routes it makes for itself."""
    app.extensions["access"] = dict(ACCESS)
    app.before_request(enforce)


def enforce() -> Response | None:
    """Refuse before the view runs; unknown endpoints (no entry) are refused, never let through."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: the 404 or 405 follows
        return None
    kind = current_app.extensions["access"].get(endpoint)
    if kind is None:
        abort(403)
    if kind in OPEN:
        return None
    if kind == "api_token":
        enter_api_token()
        return None
    if kind == "monitoring_token":
        enter_monitoring_token()
        return None
    if not current_user.is_authenticated:
        if request.method == "GET":
            return redirect(url_for("security.login", next=request.full_path.rstrip("?")))
        abort(401)
    if kind == "operator" and not current_user.operator:
        abort(403)
    if kind in ORGANISATION_ROLES:
        _enter_organisation(ORGANISATION_ROLES[kind])
    if kind == "workshop_staff":
        enter_workshop((request.view_args or {}).get("workshop_id", 0))
    if kind == "konvoi_staff":
        enter_konvoi((request.view_args or {}).get("konvoi_id", 0))
    return None


def staff_organisations() -> list[tuple[int, str]]:
    """(id, name) of the organisations where the signed-in account is an admin or consultant, by name:
    where it may run workshops and Konvois."""
    return sorted(((m.organisation_id, m.organisation.name) for m in current_user.memberships
                   if m.role in ORGANISATION_ROLES["org_staff"]), key=lambda pair: pair[1].lower())


def staff_organisation(chosen: str) -> Organisation:
    """The organisation a form chose among `staff_organisations`; 403 for any other."""
    found = next((m.organisation for m in current_user.memberships
                  if str(m.organisation_id) == chosen and m.role in ORGANISATION_ROLES["org_staff"]), None)
    if found is None:
        abort(403)
    return found


def enter_api_token() -> None:
    """The organisation of the active token in the Authorization header; else 401 (429 after many)."""
    found = api_tokens.find_active(bearer_token())
    if found is None:
        abort(401 if bad_token_allowed() else 429)
    g.api_token, g.organisation = found, found.organisation


def enter_monitoring_token() -> None:
    """The monitoring token, compared in constant time; 404 while none is set, so that /metrics looks
    like any unknown address; 403 from an address outside DIGICHECK_METRICS_ALLOW (before any token is
    tried); else 401 (429 after many bad tokens from one address, counted with the API's)."""
    expected = current_app.config.get("DIGICHECK_METRICS_TOKEN")
    if not expected:
        abort(404)
    if not metrics.address_allowed(request.remote_addr, current_app.extensions.get("metrics_allow")):
        abort(403)
    if not hmac.compare_digest(bearer_token().encode(), str(expected).encode()):
        abort(401 if bad_token_allowed() else 429)


def enter_workshop(workshop_id: int) -> None:
    """The workshop, if the signed-in account is an admin or consultant of its organisation; else 403 (or 404)."""
    found = db.session.get(Workshop, workshop_id)
    _enter_as_staff(found)
    g.workshop = found


def enter_konvoi(konvoi_id: int) -> None:
    """The Konvoi, if the signed-in account is an admin or consultant of its organisation; else 403 (or 404)."""
    found = db.session.get(Konvoi, konvoi_id)
    _enter_as_staff(found)
    g.konvoi = found


def _enter_as_staff(found: Workshop | Konvoi | None) -> None:
    if not current_user.is_authenticated:
        abort(403)
    if found is None:
        abort(404)
    membership = next((m for m in current_user.memberships if m.organisation_id == found.organisation_id), None)
    if membership is None or membership.role not in ORGANISATION_ROLES["org_staff"]:
        abort(403)
    g.organisation, g.role = membership.organisation, membership.role


def _enter_organisation(roles: frozenset[str]) -> None:
    """The organisation in the URL, if the signed-in account has one of `roles` there; else 403."""
    slug = (request.view_args or {}).get("slug")
    membership = next((m for m in current_user.memberships if m.organisation.slug == slug), None)
    if membership is None or membership.role not in roles:
        abort(403)
    g.organisation = membership.organisation
    g.role = membership.role
