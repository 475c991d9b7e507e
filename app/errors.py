"""Error pages in plain words: a visitor sees what went wrong and where to go, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

# (title, explanation) per status; anything else falls back to the 400 or 500 text.
MESSAGES = {
    400: (_l("Invalid request"), _l("The request was incomplete or malformed and was not processed.")),
    403: (_l("No access"), _l("You are not allowed to open this page.")),
    404: (_l("Page not found"), _l("This address does not exist here. Perhaps the link is old or incomplete.")),
    405: (_l("Not possible"), _l("This page cannot be used this way.")),
    409: (_l("Already complete"), _l("This action does not fit the current state.")),
    410: (_l("No longer available"), _l("This questionnaire version is no longer offered here.")),
    413: (_l("Too much data"), _l("The data sent was too large and was not stored.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (_l("Internal error"), _l("Something went wrong. Please try again later.")),
}


def init_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _expired_form(error: CSRFError) -> tuple[str, int]:
        """Usually a page left open for hours, or cookies blocked: say so, in plain words."""
        text = _l("The form was open for too long or your browser did not send its cookie, so nothing was "
                  "saved. Please go back, reload the page and send it again.")
        return render_template("error.html", code=400, title=_l("Form expired"), text=text), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        title, text = MESSAGES.get(code) or MESSAGES[500 if code >= 500 else 400]
        custom = error.description if error.description != type(error).description else None
        return render_template("error.html", code=code, title=title, text=custom or text), code
