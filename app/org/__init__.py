"""An organisation's own pages: members and invitations, entry links and logo, results firms shared, audit log.

Who may open which page is in app/access.py (kinds org_member, org_staff, org_admin); the
check there also finds the organisation named in the URL, so every page here reads it
from `current_organisation()` and every query filters by it.
"""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, g

from ..extensions import db
from ..models import Organisation

OwnedT = TypeVar("OwnedT")

bp = Blueprint("org", __name__)


def current_organisation() -> Organisation:
    found = g.get("organisation")
    if not isinstance(found, Organisation):
        abort(404)
    return found


def owned(model: type[OwnedT], object_id: int) -> OwnedT:
    """A row of this organisation by its id; another organisation's row answers 404, as if it did not exist."""
    found = db.session.get(model, object_id)
    if found is None or getattr(found, "organisation_id", None) != current_organisation().id:
        abort(404)
    return found


def current_role() -> str:
    return str(g.get("role", ""))


from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
