"""Numbers and names inside texts, written as readers of each language write them.

Pure, so the reasons made here and the pages and report made in app/ write numbers alike.
"""

from __future__ import annotations


def decimal_mark(language: str) -> str:
    return "," if language == "de" else "."


def written_score(value: float, language: str, digits: int = 1) -> str:
    """47,8 and 40,0: a fixed number of decimals, so that scores line up in a column."""
    written = "%.*f" % (digits, value)
    return written.replace(".", ",") if language == "de" else written


def written_number(value: float, language: str) -> str:
    """12,5 or 20: a typed number, level boundary or point difference, with no decimals added."""
    return f"{value:g}".replace(".", decimal_mark(language))


def in_sentence_en(title: str) -> str:
    """'Data and AI' reads 'data and AI' mid-sentence; 'IT security' keeps its acronym."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title
