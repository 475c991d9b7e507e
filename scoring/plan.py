"""A questionnaire compiled for scoring: plain tuples and closures, built once per questionnaire.

Scoring runs for every page view and every aggregate; walking pydantic models each time
costs more than the arithmetic, so the engine reads this flat plan instead.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from typing import NamedTuple

from questionnaires.conditions import Condition, Evaluate
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

from .answers import InvalidAnswer, check_value
from .result import AnswerValue, Contribution

Check = Callable[[object], AnswerValue]
Points = Callable[[AnswerValue], float]


class QuestionPlan(NamedTuple):
    """One question as the engine reads it; a NamedTuple so the loop unpacks it in one step.

    Most questions have a handful of possible answers (choices, scales), so every
    Contribution they can make is built here once: scoring an answer is then one lookup
    in `table`, which also checks it. Open questions (multiple choice, numbers) keep only
    "does not apply" / "don't know" in `table` and check and score other values with
    `check` and `points`. A question that is not scored has no `table`.
    """

    id: str
    condition: Evaluate | None
    table: dict[object, Contribution] | None
    check: Check
    points: Points | None  # None: `table` holds every valid answer
    weight: float
    unanswered: Contribution | None  # None when the question is not scored


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
    answer_ids: frozenset[str]
    profile_conditions: tuple[tuple[str, Condition], ...]
    dimensions: tuple[DimensionPlan, ...]
    overall: str
    dont_know_counts: bool
    level_starts: tuple[float, ...]
    level_ids: tuple[str, ...]
    # Scores are rounded to one decimal, so for them a table per tenth of a point gives the
    # level's place at once (the compiled scorer and the ranking read it).
    level_at_tenth: tuple[int, ...]

    def level_for(self, score: float) -> str:
        """The id of the level whose band holds the score (levels cover 0-100, checked at load)."""
        return self.level_ids[_level_place(self.level_starts, score)]


def _level_place(level_starts: tuple[float, ...], score: float) -> int:
    return max(bisect.bisect_right(level_starts, score) - 1, 0)


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


K = TypeVar("K")
V = TypeVar("V")


class Kept(dict[K, V]):
    """Values derived from what firms answer, remembered up to `limit` entries, then started over.

    For things with few distinct inputs in practice (ticked combinations, reason sentences,
    a profile's reachable centres): remembering them saves the work for the next firm,
    and the bound keeps a stream of unusual inputs from growing memory.
    """

    def __init__(self, limit: int = 4096) -> None:
        super().__init__()
        self.limit = limit

    def keep(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

    def remembered(self, key: K, make: Callable[[], V]) -> V:
        """The value kept for `key`, made and kept on first use."""
        found = self.get(key)
        return self.keep(key, make()) if found is None else found


def _build(questionnaire: Questionnaire) -> ScoringPlan:
    dont_know_counts = questionnaire.scoring.dont_know == "lowest"
    level_starts = tuple(level.min for level in questionnaire.levels)
    return ScoringPlan(
        content_hash=questionnaire.content_hash,
        profile_checks={q.id: _check(q) for q in questionnaire.profile},
        answer_checks={q.id: _check(q) for q in questionnaire.questions},
        answer_ids=frozenset(q.id for q in questionnaire.questions),
        profile_conditions=tuple((q.id, q.condition) for q in questionnaire.profile if q.condition is not None),
        dimensions=tuple(
            DimensionPlan(d.id, d.weight, d.aggregation, tuple(_question(q, dont_know_counts) for q in d.questions))
            for d in questionnaire.dimensions
        ),
        overall=questionnaire.scoring.overall,
        dont_know_counts=dont_know_counts,
        level_starts=level_starts,
        level_ids=tuple(level.id for level in questionnaire.levels),
        level_at_tenth=tuple(_level_place(level_starts, tenth / 10) for tenth in range(1001)),
    )


def _question(question: AnyQuestion, dont_know_counts: bool) -> QuestionPlan:
    condition = question.condition.evaluate if question.condition is not None else None
    check = _check(question)
    if not question.is_scored:
        return QuestionPlan(question.id, condition, None, check, None, question.weight, None)
    qid, weight = question.id, question.weight
    table: dict[object, Contribution] = {}
    if question.allow_na:
        table[NOT_APPLICABLE] = Contribution(qid, "not_applicable", NOT_APPLICABLE, None, weight)
    if question.allow_unknown:
        lowest = question.lowest_score if dont_know_counts else None  # type: ignore[union-attr]
        table[DONT_KNOW] = Contribution(qid, "dont_know", DONT_KNOW, lowest, weight)
    points: Points | None = None
    if isinstance(question, Scale):
        table.update({v: Contribution(qid, "scored", v, question.score_of(v), weight)
                      for v in range(question.min, question.max + 1)})
    elif isinstance(question, MultipleChoice):
        points = _ticked_points(question)
    elif isinstance(question, Number):
        points = question.score_of  # type: ignore[assignment]
    else:
        table.update({option: Contribution(qid, "scored", option, score, weight)
                      for option, score in question.option_scores.items()})  # type: ignore[union-attr]
    return QuestionPlan(qid, condition, table, check, points, weight, Contribution(qid, "unanswered", None, None, weight))


def _ticked_points(question: MultipleChoice) -> Points:
    """The sum of the ticked options, capped at 100, remembered per canonical tuple like the check."""
    scores = question.option_scores
    sums: Kept[AnswerValue, float] = Kept()

    def ticked(value: AnswerValue) -> float:
        found = sums.get(value)
        if found is None:
            assert isinstance(value, tuple)  # answers are checked first
            found = sums.keep(value, min(100.0, sum(scores[v] for v in value)))
        return found

    return ticked


def _check(question: AnyQuestion) -> Check:
    """A checker with a fast path for the common valid answer; anything else gets the full check."""
    if isinstance(question, Scale):
        low, high = question.min, question.max
        return lambda value: value if value.__class__ is int and low <= value <= high else check_value(question, value)
    if isinstance(question, MultipleChoice):
        return _check_ticked(question)
    if isinstance(question, Number):
        return _check_number(question)
    if isinstance(question, FreeText):
        return _check_text(question)
    options = question.option_ids
    return lambda value: value if value.__class__ is str and value in options else check_value(question, value)


def _check_number(question: Number) -> Check:
    """Whole numbers in range pass as they are; floats, "don't know" and misfits get the full check."""
    low = question.min if question.min is not None else -math.inf
    high = question.max if question.max is not None else math.inf
    return lambda value: value if value.__class__ is int and low <= value <= high else check_value(question, value)


def _check_text(question: FreeText) -> Check:
    limit = question.max_length
    pattern = re.compile(question.pattern) if question.pattern is not None else None

    def text(value: object) -> AnswerValue:
        if value.__class__ is str and len(value) <= limit and value not in _SPECIAL_WORDS:
            if pattern is None or not value or pattern.fullmatch(value):
                return value
        return check_value(question, value)

    return text


_SPECIAL_WORDS = frozenset({NOT_APPLICABLE, DONT_KNOW})


def _check_ticked(question: MultipleChoice) -> Check:
    """Known, distinct option ids with no exclusive one among several come back in option order.

    Firms tick the same few combinations, so each valid set's canonical tuple is
    remembered: sorting it again for every assessment cost more than scoring it.
    """
    order = {option.id: n for n, option in enumerate(question.options)}
    exclusive = question.exclusive_ids
    known: Kept[frozenset[object], tuple[str, ...]] = Kept()

    def ticked(value: object) -> AnswerValue:
        if value.__class__ is list or value.__class__ is tuple:
            try:
                chosen = frozenset(value)
            except TypeError:  # an unhashable item: the full check names it
                return check_value(question, value)
            found = known.get(chosen)
            if found is not None and len(found) == len(value):
                return found
            if len(chosen) == len(value) and chosen.issubset(order) and (len(chosen) < 2 or not chosen & exclusive):
                return known.keep(chosen, tuple(sorted(chosen, key=order.__getitem__)))
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
