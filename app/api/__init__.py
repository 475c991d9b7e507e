"""The JSON API (/api/v1): a hub's published aggregates for its scripts, with an API token.

Who may call what is in app/access.py (kind ``api_token``): the check there finds the token's
organisation, so every answer here is that organisation's, and no parameter names another.
Errors are JSON, `{"error": "..."}`, never an HTML page.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException

bp = Blueprint("api", __name__, url_prefix="/api/v1")

ERRORS = {400: "bad request", 401: "an active API token is needed: Authorization: Bearer dgc_...",
          403: "not allowed", 404: "not found", 405: "method not allowed",
          429: "too many requests; please wait a minute", 500: "internal error"}


def json_error(error: HTTPException) -> tuple[Response, int]:
    code = error.code or 500
    text = error.description if error.description and error.description != type(error).description else None
    response = jsonify(error=text or ERRORS.get(code, "error"))
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="digicheck"'
    if code == 429:
        response.headers["Retry-After"] = str(getattr(error, "retry_after", None) or 60)
    return response, code


for _code in ERRORS:
    bp.register_error_handler(_code, json_error)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
