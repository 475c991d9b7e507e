"""Error pages in plain words: a visitor sees what went wrong and where to go, never a traceback."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import BadHost, HTTPException, SecurityError

from .extensions import db

# (title, explanation) per status; anything else falls back to the 400 or 500 text.
MESSAGES = {
    400: (_l("Invalid request"), _l("The request was incomplete or malformed and was not processed.")),
    401: (_l("Please sign in"), _l("This page is for signed-in accounts of consultants and hubs.")),
    403: (_l("No access"), _l("You are not allowed to open this page.")),
    404: (_l("Page not found"), _l("This address does not exist here. Perhaps the link is old or incomplete.")),
    405: (_l("Not possible"), _l("This page cannot be used this way.")),
    409: (_l("Already complete"), _l("This action does not fit the current state.")),
    410: (_l("No longer available"), _l("This questionnaire version is no longer offered here.")),
    413: (_l("Too much data"), _l("The data sent was too large and was not stored.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (_l("Internal error"), _l("Something went wrong. Please try again later.")),
    503: (_l("Briefly unavailable"), _l("The service cannot reach its database at the moment. Nothing you sent was "
                                        "half-saved: please try again in a minute.")),
}
# A Host header that is malformed (a label longer than 63 characters, say) or not among
# TRUSTED_HOSTS: Flask then has no URL adapter for the request.
CANNOT_STORE = _l("Something you sent cannot be stored (a character such as a zero byte, or a number out of range), "
                  "so nothing of it was saved. Please check what you typed and send it again.")
UNKNOWN_HOST = _l("This site does not answer to the server name in the address. Please check the address.")


def wants_json() -> bool:
    """A script asking for JSON (a page saving an answer as it is given) shows the message itself;
    under /api/ every answer is JSON, an unknown address or method too."""
    if request.path.startswith("/api/"):
        return True
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def error_page(code: int, title: object, text: object) -> tuple[str | Response, int]:
    """The error page, also for a request whose Host made Flask give up on building URLs.

    Such a request has no URL adapter, so every url_for in the page layout would fail and
    the server would answer with its own bare 500. Links on the page are paths, so an
    adapter bound to a neutral name builds them just as well. A script that asks for JSON
    gets `{"error": text}` instead, to show beside what it was doing.
    """
    if wants_json():
        return jsonify(error=str(text)), code
    if request_ctx.url_adapter is None:
        request_ctx.url_adapter = current_app.url_map.bind(
            current_app.config.get("SERVER_NAME") or "localhost",
            script_name=request.script_root or "/", url_scheme=request.scheme,
        )
    return render_template("error.html", code=code, title=title, text=text), code


def init_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _expired_form(error: CSRFError) -> tuple[str | Response, int]:
        """Usually a page left open for hours, or cookies blocked: say so, in plain words."""
        text = _l("The form was open for too long or your browser did not send its cookie, so nothing was "
                  "saved. Please go back, reload the page and send it again.")
        return error_page(400, _l("Form expired"), text)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_away(error: Exception) -> tuple[str | Response, int]:
        """The database cannot be reached (restarting, say): 503 with a plain page, not a 500.

        The request's transaction never committed, so nothing of it is stored; the page says so.
        """
        try:
            db.session.rollback()
        except SQLAlchemyError:
            pass  # the connection is gone: the pool replaces it
        g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]  # no account lookup now
        current_app.logger.warning("the database did not answer: %s", type(error).__name__)
        title, text = MESSAGES[503]
        page, code = error_page(503, title, text)
        response = current_app.make_response((page, code))
        response.headers["Retry-After"] = "30"
        return response, code

    @app.errorhandler(DataError)
    def _cannot_store(error: DataError) -> tuple[str | Response, int]:
        """A value the database refuses (PostgreSQL: a NUL in text, an integer out of range) that no form
        cleaned first: the sender's mistake or tampering, so a 400 that says so; the transaction is rolled back."""
        db.session.rollback()
        current_app.logger.warning("the database refused a value: %s", type(error.orig).__name__)
        return error_page(400, MESSAGES[400][0], CANNOT_STORE)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[str | Response, int]:
        # The commit after a request failed (app/__init__.py): Flask hands that on as a 500.
        original = getattr(error, "original_exception", None)
        if isinstance(original, OperationalError | InterfaceError):
            return _database_away(original)
        if isinstance(original, DataError):
            return _cannot_store(original)
        code = error.code or 500
        title, text = MESSAGES.get(code) or MESSAGES[500 if code >= 500 else 400]
        if isinstance(error, BadHost | SecurityError):
            return error_page(code, title, UNKNOWN_HOST)
        custom = error.description if error.description != type(error).description else None
        return error_page(code, title, custom or text)
