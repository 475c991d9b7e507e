"""Problems found in a content file, reported together so an author fixes them in one pass."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, at a place an editor can jump to."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.path or '(file)'}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ContentError(Exception):
    """A content file could not be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """A 'did you mean' hint for a misspelt id or key, or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


# What a value that must match a pattern is called, and the pattern in plain words.
PATTERN_WORDS: dict[str, tuple[str, str]] = {}


def described_pattern(pattern: str, name: str, words: str) -> str:
    """A regular expression for a schema field, remembered with the words that explain it to an author."""
    PATTERN_WORDS[pattern] = (name, words)
    return pattern


@dataclass(frozen=True)
class SchemaError:
    """One structural error, as data: what kind (pydantic's error type), which key, the value
    found and the limits that apply (pydantic's ctx). Messages are written from these fields,
    never from pydantic's own English, so every one says what was found and what is allowed."""

    code: str
    key: str
    found: object
    limits: dict[str, object]
    field_range: str = ""  # the field's bounds in words, e.g. "more than 0 and at most 240"

    def explain(self) -> tuple[str, str]:
        """(message, hint) in the project's words."""
        found, limits, key = shown(self.found), self.limits, self.key
        within = f", {self.field_range}" if self.field_range else ""
        if self.code in ("int_type", "int_parsing", "int_from_float"):
            return f"{found} is not a whole number", f"allowed: a whole number{within}"
        if self.code in ("float_type", "float_parsing", "finite_number"):
            return f"{found} is not a number", f"allowed: a number{within}"
        if self.code == "string_type":
            return f"{found} is not text", "allowed: text, in quotes where YAML would read it otherwise"
        if self.code == "bool_type":
            return f"{found} is not true or false", f"allowed: {key}: true or {key}: false"
        if self.code in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
            return self._out_of_range(found)
        if self.code == "string_too_short":
            if self.found == "":
                return "the text is empty", f"allowed: at least {_count(limits.get('min_length'), 'character')}"
            return f"{found} is too short", f"allowed: at least {_count(limits.get('min_length'), 'character')}"
        if self.code == "string_too_long":
            size = len(self.found) if isinstance(self.found, str) else 0
            return f"{found} is too long ({size} characters)", \
                f"allowed: at most {_count(limits.get('max_length'), 'character')}"
        if self.code in ("too_short", "too_long"):
            listed = _count(limits.get("actual_length"), "item")
            bound = "at least" if self.code == "too_short" else "at most"
            limit = limits.get("min_length" if self.code == "too_short" else "max_length")
            what = "the list is empty" if limits.get("actual_length") == 0 else f"the list has {listed}"
            return what, f"allowed: {bound} {_count(limit, 'item')}"
        if self.code == "string_pattern_mismatch":
            pattern = str(limits.get("pattern", ""))
            name, words = PATTERN_WORDS.get(pattern, ("value", f"text matching {pattern}"))
            return f"{found} is not a valid {name}", f"allowed: {words}"
        if self.code in ("model_type", "dict_type", "model_attributes_type"):
            return f"{found} is not a mapping of keys and values", "allowed: key: value pairs"
        if self.code in ("tuple_type", "list_type"):
            return f"{found} is not a list", "allowed: a list, written [a, b] or one '- item' per line"
        if self.code == "quoted_version":
            return f"{found} is read as a number, not as a version", 'allowed: the version in quotes, e.g. version: "1.10"'
        if self.code == "invalid_pattern":
            return f"{found} is not a valid regular expression ({limits.get('reason')})", \
                "allowed: a Python regular expression, e.g. [0-9]{2}"
        return f"{found} is not allowed here", "allowed: see this key in docs/questionnaire-format.md"

    def _out_of_range(self, found: str) -> tuple[str, str]:
        small = self.code.startswith("greater")
        allowed = self.field_range or bound_words({_BOUND_KEYS[self.code]: self.limits.get(_BOUND_KEYS[self.code])})
        return f"{found} is too {'small' if small else 'large'}", f"allowed: {allowed}"


_BOUND_KEYS = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt", "less_than_equal": "le"}
_BOUND_WORDS = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}


def bound_words(bounds: dict[str, object]) -> str:
    """Bounds such as {"gt": 0, "le": 240} in words: "more than 0 and at most 240"."""
    return " and ".join(f"{_BOUND_WORDS[k]} {shown(v)}" for k, v in bounds.items() if k in _BOUND_WORDS and v is not None)


def shown(value: object) -> str:
    """A value as the author wrote it in YAML, short enough for one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # 1.0 stays 1.0: "1 is not a whole number" would puzzle
    if isinstance(value, str):
        return f"'{value if len(value) <= 40 else value[:39] + '…'}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _count(number: object, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
