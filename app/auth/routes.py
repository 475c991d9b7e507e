"""The account page, "sign out everywhere", and accepting an invitation.

Who may open these is decided in app/access.py, like every other route.
"""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_security import logout_user
from werkzeug.wrappers import Response

from .. import accounts
from ..accounts import InvitationError
from ..models import Account
from . import bp
from .forms import AcceptInvitationForm, ConfirmForm

# Why an invitation link does not work, in words for the person holding it.
INVITATION_PROBLEMS = {
    "unknown": _l("This invitation link is not valid. Please check that you copied it completely."),
    "used": _l("This invitation has been used already. Please sign in, or ask for a new invitation."),
    "expired": _l("This invitation has expired. Please ask the person who invited you for a new one."),
}


@bp.get("/account")
def account() -> str:
    user: Account = current_user
    return render_template("auth/account.html", account=user, form=ConfirmForm(),
                           passkeys=sorted(user.webauthn, key=lambda p: p.name.lower()))


@bp.post("/account/sign-out-everywhere")
def sign_out_everywhere() -> Response:
    """A new uniquifier makes every session and remember-me cookie of the account invalid."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user: Account = current_user
    user.fs_uniquifier = uuid.uuid4().hex
    logout_user()
    flash(_("You have been signed out on every device."), "info")
    return redirect(url_for("security.login"), code=303)


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Response | str | tuple[str, int]:
    try:
        invited = accounts.open_invitation(token)
    except InvitationError as problem:
        return render_template("auth/invitation_problem.html", text=INVITATION_PROBLEMS[str(problem)]), 404
    existing = accounts.find_account(invited.email)
    if existing is not None:
        if not current_user.is_authenticated:
            flash(_("You already have an account: please sign in to accept the invitation."), "info")
            return redirect(url_for("security.login", next=url_for(".invitation", token=token)), code=303)
        form = ConfirmForm()
        if form.validate_on_submit():
            try:
                accounts.accept(invited, password=None, account=current_user)
            except InvitationError:
                return render_template("auth/invitation_problem.html", text=_(
                    "This invitation is for another e-mail address than the account you are signed in with.")), 403
            flash(_("Invitation accepted."), "info")
            return redirect(url_for(".account"), code=303)
        return render_template("auth/invitation.html", invitation=invited, form=form, existing=True)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        accounts.accept(invited, password=form.password.data)
        flash(_("Your account is ready. Sign in now; you will then set up an authenticator app."), "info")
        return redirect(url_for("security.login", email=invited.email), code=303)
    errors = [(field.name, field.label.text, field.errors[0]) for field in (form.password, form.repeat) if field.errors]
    return render_template("auth/invitation.html", invitation=invited, form=form, existing=False,
                           errors=errors), 422 if form.errors else 200
