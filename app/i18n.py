"""Interface language: German by default, English on request, remembered in the session."""

from __future__ import annotations

import re

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import Babel, get_locale, get_translations
from werkzeug.wrappers import Response

from reports.template_text import template_functions

LANGUAGES = ("de", "en")
TRANSLATIONS = "translations"  # relative to the app package
# A path on this site: one slash, then no second slash or backslash (browsers read both as
# "another host follows"), and no control characters (browsers drop tabs and line breaks, so
# "/\t/evil.example" becomes "//evil.example"; a line break cannot go into a header at all).
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\\\x00-\x1f\x7f]*")

babel = Babel()
bp = Blueprint("i18n", __name__)


def current_language() -> str:
    language = session.get("language")
    return language if language in LANGUAGES else "de"


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS)
    babel.init_app(app, locale_selector=current_language)
    app.register_blueprint(bp)

    @app.context_processor
    def _language() -> dict[str, object]:
        # Flask-Babel's template gettext finds the catalogue again for every string (a tenth
        # of a question page's time); templates resolve `_` from their context first, so each
        # render binds it once, to the catalogue of the locale in force (force_locale too).
        # Macros imported without context still use Flask-Babel's.
        return {"language": str(get_locale() or "de"), "languages": LANGUAGES,
                **template_functions(get_translations())}


@bp.get("/language/<code>")
def switch(code: str) -> Response:
    """Switch and go back; only to a path on this site, never to another host."""
    if code in LANGUAGES:
        session["language"] = code
    target = request.args.get("next", "/")
    return redirect(target if _LOCAL_PATH.fullmatch(target) else "/", code=303)
