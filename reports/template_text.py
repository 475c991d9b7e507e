"""Translated text in Jinja templates, bound to one catalogue: for pages and for the PDF.

Jinja's own i18n extension looks the catalogue up through the environment's globals for
every string; binding the functions to a catalogue once per render is cheaper and lets
each render pick its language (the PDF follows the assessment's, not the visitor's).
Behaviour as Jinja's "newstyle" gettext: autoescaped where the template autoescapes, and
always %-formatted, so a literal percent sign is written %%.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup


class Catalogue(Protocol):
    """A gettext catalogue, e.g. babel.support.Translations or gettext.NullTranslations.

    Hashable (by identity, as those classes are) because the bound functions are cached per catalogue.
    """

    def __hash__(self) -> int: ...

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


@lru_cache(maxsize=8)
def template_gettext(catalogue: Catalogue) -> Any:
    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        return _format(context, catalogue.gettext(message), variables)

    return gettext


@lru_cache(maxsize=8)
def template_ngettext(catalogue: Catalogue) -> Any:
    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        return _format(context, catalogue.ngettext(singular, plural, num), variables)

    return ngettext


def template_functions(catalogue: Catalogue) -> dict[str, Any]:
    """Context variables that make `_()`, `gettext()` and `ngettext()` use this catalogue."""
    gettext = template_gettext(catalogue)
    return {"_": gettext, "gettext": gettext, "ngettext": template_ngettext(catalogue)}


def _format(context: Context, text: str, variables: dict[str, Any]) -> str:
    if context.eval_ctx.autoescape:
        return Markup(text) % variables
    return text % variables
