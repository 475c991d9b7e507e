"""Turning stored values into words on the results page."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion
from questionnaires.model import Number, Scale
from scoring.wording import written_number, written_score


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
    if isinstance(question, Scale):  # a bare "2" says nothing without the scale's ends
        if question.min_label and question.max_label:
            return _("%(value)s of %(max)s (%(min)s: %(low)s, %(max)s: %(high)s)", value=value, min=question.min,
                     max=question.max, low=question.min_label.get(language), high=question.max_label.get(language))
        return _("%(value)s of %(max)s", value=value, max=question.max)
    unit_text = question.unit if isinstance(question, Number) else None
    unit = unit_text.get(language) if unit_text is not None else ""
    return f"{written_number(value, language)} {unit}".strip()


def rating(value: str) -> str:
    return {"low": _("low"), "medium": _("medium"), "high": _("high")}.get(value, value)


def score_text(value: float | None, language: str, digits: int = 1) -> str | None:
    """Scores as people of the language write them (62,5 in German, 62.5 in English), always with
    `digits` decimals, so that 52,0 and 47,8 line up in a column."""
    return None if value is None else written_score(value, language, digits)
