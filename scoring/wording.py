"""Numbers inside the reasons' texts, written as readers of each language write them."""

from __future__ import annotations


def number_de(value: float) -> str:
    """29,8: German uses a decimal comma."""
    return f"{value:g}".replace(".", ",")


def number_en(value: float) -> str:
    return f"{value:g}"


def in_sentence_en(title: str) -> str:
    """'Data and AI' reads 'data and AI' mid-sentence; 'IT security' keeps its acronym."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
