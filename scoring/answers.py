"""Checking answers against the questionnaire before they are scored.

Every value is checked for its question's type; anything that does not fit raises
InvalidAnswer naming the question, so a tampered form or a broken answers file is
rejected as a whole instead of being half-used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaires.model import (
    DONT_KNOW,
    NOT_APPLICABLE,
    AnyQuestion,
    FreeText,
    MultipleChoice,
    Number,
    Questionnaire,
    Scale,
)

from .result import AnswerValue


class InvalidAnswer(ValueError):
    """An answer that does not fit its question; `question_id` says which one."""

    def __init__(self, question_id: str | None, message: str):
        self.question_id = question_id
        self.message = message
        super().__init__(f"question '{question_id}': {message}" if question_id else message)


def check_value(question: AnyQuestion, value: Any) -> AnswerValue:
    """The answer in its canonical form (multiple choice as a tuple in option order)."""
    if value == NOT_APPLICABLE or value == DONT_KNOW:
        allowed = question.allow_na if value == NOT_APPLICABLE else question.allow_unknown
        if not allowed:
            label = "'does not apply'" if value == NOT_APPLICABLE else "'don't know'"
            raise InvalidAnswer(question.id, f"{label} is not offered for this question")
        return str(value)
    if isinstance(question, FreeText):
        if not isinstance(value, str):
            raise InvalidAnswer(question.id, "expected text")
        if len(value) > question.max_length:
            raise InvalidAnswer(question.id, f"text is longer than {question.max_length} characters")
        if question.pattern is not None and value and not re.fullmatch(question.pattern, value):
            raise InvalidAnswer(question.id, f"{value!r} does not have the expected form")
        return value
    if isinstance(question, Scale | Number):
        return _check_number(question, value)
    if isinstance(question, MultipleChoice):
        return _check_multiple(question, value)
    if not isinstance(value, str) or value not in question.option_ids:
        raise InvalidAnswer(question.id, f"unknown option {value!r}")
    return value


def _check_number(question: Scale | Number, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidAnswer(question.id, f"expected a number, got {value!r}")
    whole = isinstance(question, Scale) or question.integer
    if whole and value != int(value):
        raise InvalidAnswer(question.id, f"expected a whole number, got {value!r}")
    if question.min is not None and value < question.min or question.max is not None and value > question.max:
        raise InvalidAnswer(question.id, f"{value!r} is outside {question.min}..{question.max}")
    return int(value) if whole else value


def _check_multiple(question: MultipleChoice, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidAnswer(question.id, "expected a list of option ids")
    chosen = set(value)
    unknown = chosen - question.option_ids
    if unknown:
        raise InvalidAnswer(question.id, f"unknown option {sorted(unknown)[0]!r}")
    if len(chosen) != len(value):
        raise InvalidAnswer(question.id, "an option is listed twice")
    if len(chosen) > 1 and chosen & question.exclusive_ids:
        raise InvalidAnswer(question.id, f"{sorted(chosen & question.exclusive_ids)[0]!r} excludes other options")
    return tuple(o.id for o in question.options if o.id in chosen)


@dataclass(frozen=True)
class AnswerSet:
    """An answers file: `{"questionnaire", "version", "profile", "answers"}` (see DESIGN.md)."""

    questionnaire: str
    version: str
    answers: Mapping[str, Any] = field(default_factory=dict)
    profile: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Any) -> AnswerSet:
        if not isinstance(data, Mapping):
            raise InvalidAnswer(None, "an answers file is a JSON object")
        unknown = set(data) - {"questionnaire", "version", "profile", "answers"}
        if unknown:
            raise InvalidAnswer(None, f"unknown key {sorted(unknown)[0]!r} in the answers file")
        questionnaire, version = data.get("questionnaire"), data.get("version")
        if not isinstance(questionnaire, str) or not questionnaire:
            raise InvalidAnswer(None, "'questionnaire' must name the questionnaire id")
        if isinstance(version, int) and not isinstance(version, bool):
            version = str(version)
        if not isinstance(version, str) or not version:
            raise InvalidAnswer(None, "'version' must give the questionnaire version")
        answers, profile = data.get("answers", {}), data.get("profile", {})
        if not isinstance(answers, Mapping) or not isinstance(profile, Mapping):
            raise InvalidAnswer(None, "'answers' and 'profile' must be JSON objects")
        return cls(questionnaire, version, dict(answers), dict(profile))

    def matches(self, questionnaire: Questionnaire) -> bool:
        return self.questionnaire == questionnaire.id and self.version == questionnaire.version
