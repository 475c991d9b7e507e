"""Input a person typed on a page and left with "Back" before it was valid.

Going back always works, but an invalid value (a word in a number field) must not be
stored as an answer. It is kept in the person's own session instead, so the page shows
it again with its message when they return; the stored answers only ever hold valid
values. Kept until the page is sent again, for one assessment at a time, and cut to a
size that keeps the session cookie small.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import session
from werkzeug.datastructures import MultiDict

_KEY = "drafts"
MAX_CHARS = 1000  # per value; a browser's maxlength keeps real input far below this


def _name(assessment_id: int, page: str) -> str:
    return f"{assessment_id}:{page}"


def keep(assessment_id: int, page: str, entries: Iterable[tuple[str, list[str]]]) -> None:
    """Remember these posted fields of the page (replacing what was kept for it)."""
    values = {name: [value[:MAX_CHARS] for value in found] for name, found in entries if any(v.strip() for v in found)}
    prefix = f"{assessment_id}:"
    drafts = {k: v for k, v in session.get(_KEY, {}).items() if k.startswith(prefix) and k != _name(assessment_id, page)}
    if values:
        drafts[_name(assessment_id, page)] = values
    if drafts or _KEY in session:
        session[_KEY] = drafts


def read(assessment_id: int, page: str) -> MultiDict[str, str] | None:
    found = session.get(_KEY, {}).get(_name(assessment_id, page))
    return MultiDict([(name, value) for name, values in found.items() for value in values]) if found else None


def forget(assessment_id: int, page: str) -> None:
    """The page was sent again: what was kept for it is out of date."""
    if _name(assessment_id, page) in session.get(_KEY, {}):
        keep(assessment_id, page, [])


def forget_fields(assessment_id: int, page: str, names: Iterable[str]) -> None:
    """One question was saved on its own: what was kept for it is out of date, the rest of the page's is not."""
    found = read(assessment_id, page)
    gone = set(names)
    if found is not None and gone & set(found.keys()):
        keep(assessment_id, page, [(name, found.getlist(name)) for name in found.keys() if name not in gone])
