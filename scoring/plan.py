"""A questionnaire compiled for scoring: plain tuples and closures, built once per questionnaire.

Scoring runs for every page view and every aggregate; walking pydantic models each time
costs more than the arithmetic, so the engine reads this flat plan instead.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from questionnaires.conditions import Condition
from questionnaires.model import AnyQuestion, MultipleChoice, Number, Questionnaire, Scale

from .answers import InvalidAnswer, check_value
from .result import AnswerValue

Check = Callable[[object], AnswerValue]


@dataclass(frozen=True, slots=True)
class QuestionPlan:
    id: str
    condition: Condition | None
    scored: bool
    weight: float
    lowest: float
    points: Callable[[AnswerValue], float]


@dataclass(frozen=True, slots=True)
class DimensionPlan:
    id: str
    weight: float
    aggregation: str
    questions: tuple[QuestionPlan, ...]


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    content_hash: str
    profile_checks: dict[str, Check]
    answer_checks: dict[str, Check]
    profile_conditions: tuple[tuple[str, Condition], ...]
    dimensions: tuple[DimensionPlan, ...]
    overall: str
    dont_know_counts: bool
    level_starts: tuple[float, ...]
    level_ids: tuple[str, ...]

    def level_for(self, score: float) -> str:
        """The id of the level whose band holds the score (levels cover 0-100, checked at load)."""
        return self.level_ids[max(bisect.bisect_right(self.level_starts, score) - 1, 0)]


def plan_for(questionnaire: Questionnaire) -> ScoringPlan:
    return memo(questionnaire, "scoring_plan", _build, ScoringPlan)


T = TypeVar("T")


def memo(questionnaire: Questionnaire, key: str, build: Callable[[Questionnaire], T], kind: type[T]) -> T:
    """What `build` derives from the questionnaire, built on first use and kept with it."""
    found = questionnaire.derived.get(key)
    if found is None:
        found = questionnaire.derived[key] = build(questionnaire)
    assert isinstance(found, kind)
    return found


def _build(questionnaire: Questionnaire) -> ScoringPlan:
    return ScoringPlan(
        content_hash=questionnaire.content_hash,
        profile_checks={q.id: _check(q) for q in questionnaire.profile},
        answer_checks={q.id: _check(q) for q in questionnaire.questions},
        profile_conditions=tuple((q.id, q.condition) for q in questionnaire.profile if q.condition is not None),
        dimensions=tuple(
            DimensionPlan(d.id, d.weight, d.aggregation, tuple(_question(q) for q in d.questions))
            for d in questionnaire.dimensions
        ),
        overall=questionnaire.scoring.overall,
        dont_know_counts=questionnaire.scoring.dont_know == "lowest",
        level_starts=tuple(level.min for level in questionnaire.levels),
        level_ids=tuple(level.id for level in questionnaire.levels),
    )


def _question(question: AnyQuestion) -> QuestionPlan:
    scored = question.is_scored
    return QuestionPlan(
        id=question.id,
        condition=question.condition,
        scored=scored,
        weight=question.weight,
        lowest=question.lowest_score if scored else 0.0,  # type: ignore[union-attr]
        points=_points(question),
    )


def _points(question: AnyQuestion) -> Callable[[AnswerValue], float]:
    if isinstance(question, MultipleChoice):
        scores = question.option_scores

        def ticked(value: AnswerValue) -> float:
            """The sum of the ticked options, capped at 100 (answers are checked to be a tuple)."""
            assert isinstance(value, tuple)
            return min(100.0, sum(scores[v] for v in value))

        return ticked
    if isinstance(question, Scale | Number):
        return question.score_of  # type: ignore[return-value]
    if not question.is_scored:
        return lambda value: 0.0
    return question.option_scores.__getitem__  # type: ignore[union-attr,return-value]


def _check(question: AnyQuestion) -> Check:
    """A checker with a fast path for the common valid answer; anything else gets the full check."""
    if isinstance(question, Scale):
        low, high = question.min, question.max
        return lambda value: value if value.__class__ is int and low <= value <= high else check_value(question, value)
    if isinstance(question, MultipleChoice):
        return _check_ticked(question)
    options = getattr(question, "option_ids", None)
    if options is None:
        return lambda value: check_value(question, value)
    return lambda value: value if value.__class__ is str and value in options else check_value(question, value)


def _check_ticked(question: MultipleChoice) -> Check:
    """Known, distinct option ids with no exclusive one among several come back in option order."""
    order = {option.id: n for n, option in enumerate(question.options)}
    exclusive = question.exclusive_ids

    def ticked(value: object) -> AnswerValue:
        if value.__class__ is list or value.__class__ is tuple:
            try:
                chosen = set(value)
            except TypeError:  # an unhashable item: the full check names it
                return check_value(question, value)
            if len(chosen) == len(value) and chosen.issubset(order) and (len(chosen) < 2 or not chosen & exclusive):
                return tuple(sorted(chosen, key=order.__getitem__))
        return check_value(question, value)

    return ticked


def check_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object], profile: Mapping[str, object]
) -> tuple[dict[str, AnswerValue], dict[str, AnswerValue]]:
    """Canonical (answers, profile); raises InvalidAnswer on the first misfit, naming it."""
    plan = plan_for(questionnaire)
    checked_profile: dict[str, AnswerValue] = {}
    for qid, value in profile.items():
        check = plan.profile_checks.get(qid)
        if check is None:
            raise InvalidAnswer(qid, "not a profile question of this questionnaire")
        if value is not None:
            checked_profile[qid] = check(value)
    checked: dict[str, AnswerValue] = {}
    for qid, value in answers.items():
        check = plan.answer_checks.get(qid)
        if check is None:
            hint = " (it is a profile question)" if qid in plan.profile_checks else ""
            raise InvalidAnswer(qid, f"not a question of this questionnaire{hint}")
        if value is not None:
            checked[qid] = check(value)
    return checked, checked_profile
