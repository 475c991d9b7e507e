"""The public check for business owners (landing page now; the question flow follows)."""

from flask import Blueprint

bp = Blueprint("check", __name__)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
