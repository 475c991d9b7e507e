"""Readable names for the categories of a published cell: the check's own answer texts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from questionnaires import Questionnaire

from ..aggregates import UNKNOWN

QUESTIONS = {"industry": "industry", "size_class": "size", "region": "state"}  # category -> profile question


def in_check_order(q: Questionnaire, dimensions: Sequence[str], cells: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cells in the order the check asks its answers (micro before small before medium), "not given" last."""
    def rank(dimension: str, value: str) -> tuple[int, int, str]:
        question = next((qu for qu in q.profile if qu.id == QUESTIONS.get(dimension)), None)
        ids = [o.id.lower() for o in getattr(question, "options", ())]
        return (value == UNKNOWN, ids.index(value.lower()) if value.lower() in ids else len(ids), value)

    return sorted(cells, key=lambda c: [rank(d, str(c["categories"].get(d, ""))) for d in dimensions])


def category_text(q: Questionnaire, dimension: str, value: str, language: str) -> str:
    """"Verarbeitendes Gewerbe" for industry "manufacturing"; a postcode region as "PLZ 39"."""
    if value == UNKNOWN:
        return _("not given")
    question = next((qu for qu in q.profile if qu.id == QUESTIONS.get(dimension)), None)
    option = next((o for o in getattr(question, "options", ()) if o.id.lower() == value.lower()), None)
    if option is not None:
        return option.text.get(language)
    if dimension == "region" and value.isdigit():
        return _("postcode region %(region)s", region=value)
    return value


def dimension_title(dimension: str) -> str:
    return {"industry": _("Industry"), "size_class": _("Size"), "region": _("Region")}.get(dimension, dimension)


def reason_text(reason: str | None) -> str:
    """Why a figure is not shown, in words a hub manager understands (docs/aggregates.md)."""
    return {
        "threshold": _("fewer than the minimum number of firms"),
        "complementary": _("withheld so that a smaller group cannot be worked out"),
        "attribute": _("withheld: the firms are too alike to show without revealing them"),
    }.get(reason or "", "")
