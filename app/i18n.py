"""Interface language: German by default, English on request, remembered in the session."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Blueprint, Flask, redirect, request, session
from flask_babel import Babel, get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.wrappers import Response

LANGUAGES = ("de", "en")
TRANSLATIONS = "translations"  # relative to the app package

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
        translations = get_translations()
        gettext = _template_gettext(translations)
        return {"language": str(get_locale() or "de"), "languages": LANGUAGES,
                "_": gettext, "gettext": gettext, "ngettext": _template_ngettext(translations)}


# Flask-Babel's template gettext finds the catalogue again for every string, through two
# layers of calls; on a question page that was a tenth of the time. Templates resolve
# `_`/`gettext` from their context first, so each render gets functions bound to the
# catalogue of the locale in force (force_locale included). Macros imported without
# context fall back to Flask-Babel's. Same behaviour as Jinja's "newstyle" gettext:
# autoescaped, always %-formatted.
@lru_cache(maxsize=8)
def _template_gettext(translations: Any) -> Any:
    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        text = translations.ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


@lru_cache(maxsize=8)
def _template_ngettext(translations: Any) -> Any:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


@bp.get("/language/<code>")
def switch(code: str) -> Response:
    """Switch and go back; only to a path on this site, never to another host."""
    if code in LANGUAGES:
        session["language"] = code
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = "/"
    return redirect(target, code=303)
