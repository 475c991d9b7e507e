"""Turning stored values into words on the results page."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask_babel import gettext as _

from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion
from questionnaires.model import Number


def answer_text(question: AnyQuestion, value: Any, language: str) -> str:
    if value is None:
        return _("not answered")
    if value == NOT_APPLICABLE:
        return _("does not apply")
    if value == DONT_KNOW:
        return _("don't know")
    options: dict[str, str] = {o.id: o.text.get(language) for o in getattr(question, "options", ())}
    if isinstance(value, list | tuple):
        return ", ".join(options.get(str(v), str(v)) for v in value)
    if isinstance(value, str):
        return options.get(value, value)
    unit_text = question.unit if isinstance(question, Number) else None
    unit = unit_text.get(language) if unit_text is not None else ""
    return f"{number_text(value, language)} {unit}".strip()


def rating(value: str) -> str:
    return {"low": _("low"), "medium": _("medium"), "high": _("high")}.get(value, value)


def score_text(value: float | None, language: str, digits: int = 1) -> str | None:
    """Scores as people of the language write them (62,5 in German, 62.5 in English), always with
    `digits` decimals, so that 52,0 and 47,8 line up in a column."""
    if value is None:
        return None
    return format_decimal(round(value, digits), format="#,##0." + "0" * digits if digits else "#,##0",
                          locale=language)


def number_text(value: float, language: str) -> str:
    """A typed number or a level boundary as written: 2,5 or 20, with no decimals added."""
    return f"{value:g}".replace(".", decimal_mark(language))


def decimal_mark(language: str) -> str:
    return "," if language == "de" else "."
