"""The public check for business owners: landing, consent, question pages (through app/answering), results."""

from flask import Blueprint, request
from werkzeug.wrappers import Response

from ..consent import stored_profile

bp = Blueprint("check", __name__)
bp.add_app_template_global(stored_profile)  # the consent page lists what its questionnaire asks


@bp.after_request
def _private(response: Response) -> Response:
    """Pages behind a private link are never cached or indexed; the link is the only key."""
    if request.path.startswith("/a/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response



from . import routes, share  # noqa: E402,F401  (routes attach themselves to bp)
