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

Organisation pages (members, entry links, shared results) will add kinds that name the
roles of the organisation in the URL; a member of another organisation is refused there.
"""

from __future__ import annotations

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

OPEN = frozenset({"public", "private_link", "signing_in"})

ACCESS: dict[str, str] = {
    # business owners and everyone
    "check.landing": "public",
    "check.start": "public",
    "check.deleted": "public",
    "check.resume": "private_link",
    "check.page": "private_link",
    "check.save_page": "private_link",
    "check.results": "private_link",
    "check.report": "private_link",
    "check.delete": "private_link",
    "check.again": "private_link",
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
    if not current_user.is_authenticated:
        if request.method == "GET":
            return redirect(url_for("security.login", next=request.full_path.rstrip("?")))
        abort(401)
    if kind == "operator" and not current_user.operator:
        abort(403)
    return None
