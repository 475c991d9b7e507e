"""Sharing a finished result with an organisation, and taking it back, from the private link."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from scoring import evaluate

from .. import assessments, organisations, sharing
from ..content import catalogue, content
from ..models import Assessment, Organisation
from . import bp


def _finished(token: str) -> Assessment:
    found = assessments.find(token)
    if found is None or found.workshop_id is not None:  # a workshop participant shares nothing of its own
        abort(404)
    if not found.completed:
        abort(409)
    if not FlaskForm().validate_on_submit():  # the CSRF token
        abort(400)
    return found


@bp.post("/a/<token>/share")
def share(token: str) -> Response:
    assessment = _finished(token)
    if request.form.get("agree") != "y":
        flash(_("Please tick the box to confirm that you want to share your result."), "error")
        return redirect(url_for(".results", token=token) + "#share-heading", code=303)
    organisation = organisations.find(request.form.get("organisation", ""))
    if organisation is None or organisation not in _allowed(assessment):
        abort(400, description=_("Your result can be shared only with the organisations offered on the results page."))
    sharing.share(assessment, organisation, request.form.get("contact_name"), request.form.get("contact"))
    flash(_("Your result is now shared with %(organisation)s.", organisation=organisation.name), "info")
    return redirect(url_for(".results", token=token) + "#share-heading", code=303)


@bp.post("/a/<token>/share/<slug>/revoke")
def revoke_share(token: str, slug: str) -> Response:
    assessment = _finished(token)
    organisation = organisations.find(slug)
    if organisation is None or not sharing.revoke(assessment, organisation):
        abort(404)
    flash(_("%(organisation)s can no longer see your result.", organisation=organisation.name), "info")
    return redirect(url_for(".results", token=token) + "#share-heading", code=303)


def _allowed(assessment: Assessment) -> list[Organisation]:
    """The same choice the results page offers: the entry link's organisation and those of matched centres."""
    q = catalogue().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if q is None:
        abort(410)
    data = content()
    matched = evaluate(q, assessment.answers, assessment.profile, data.centres, data.regions).centres
    return sharing.candidates(assessment, [m.centre.id for m in matched])
