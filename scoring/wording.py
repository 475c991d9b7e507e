"""Numbers and names inside the reasons' texts, written as readers of each language write them."""

from __future__ import annotations


def score_de(value: float) -> str:
    """47,8 and 40,0: one decimal, as the results page and the report show scores."""
    return f"{value:.1f}".replace(".", ",")


def score_en(value: float) -> str:
    return f"{value:.1f}"


def number_de(value: float) -> str:
    """12,5 or 20: a point difference, with a decimal comma and no decimals added."""
    return f"{value:g}".replace(".", ",")


def number_en(value: float) -> str:
    return f"{value:g}"


def in_sentence_en(title: str) -> str:
    """'Data and AI' reads 'data and AI' mid-sentence; 'IT security' keeps its acronym."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
