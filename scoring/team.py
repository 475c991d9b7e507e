"""A team's answers to one check, side by side: where it agrees and where it does not.

Pure: scored results in, per-question distributions and per-area spreads out. The
disagreement of a question is the interquartile range of the team's points for it (0-100,
the middle half of the answers): 0 when at least half agree exactly, large when the team
is split. "Don't know" and "does not apply" are counted apart, never as zero points. A
question's distribution is shown only once at least MIN_ANSWERS people answered it, so
that nobody's single answer can be read off.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median, quantiles
from typing import Any

from questionnaires import DONT_KNOW, NOT_APPLICABLE, Questionnaire
from questionnaires.model import MultipleChoice, Number, Scale

from .result import Result

MIN_ANSWERS = 3


@dataclass(frozen=True)
class QuestionSpread:
    question_id: str
    dimension_id: str
    answers: Counter[str]  # option id (each ticked option of a multiple choice) or number -> how many
    dont_know: int
    not_applicable: int
    scored: int  # answers that gave points
    median: float | None  # of the points, 0-100
    disagreement: float | None  # interquartile range of the points; None below MIN_ANSWERS

    @property
    def shown(self) -> bool:
        return self.scored + self.dont_know + self.not_applicable >= MIN_ANSWERS


@dataclass(frozen=True)
class AreaSpread:
    dimension_id: str
    median: float | None
    lowest: float | None
    highest: float | None
    scored: int


@dataclass(frozen=True)
class TeamView:
    participants: int
    questions: tuple[QuestionSpread, ...]  # most disagreement first; questions with too few answers last
    areas: tuple[AreaSpread, ...]


def team_view(results: Sequence[Result]) -> TeamView:
    """The team's picture from each participant's scored result (scoring.score of their answers)."""
    points: dict[tuple[str, str], list[float]] = {}
    answers: dict[tuple[str, str], Counter[str]] = {}
    special: dict[tuple[str, str], Counter[str]] = {}
    area_scores: dict[str, list[float]] = {}
    order: list[tuple[str, str]] = []
    for result in results:
        for dimension in result.dimensions:
            if dimension.score is not None:
                area_scores.setdefault(dimension.dimension_id, []).append(dimension.score)
            else:
                area_scores.setdefault(dimension.dimension_id, [])
            for c in dimension.contributions:
                key = (dimension.dimension_id, c.question_id)
                if key not in answers:
                    order.append(key)
                    answers[key], special[key], points[key] = Counter(), Counter(), []
                if c.status in ("dont_know", "not_applicable"):
                    special[key][c.status] += 1
                elif c.status == "scored" and c.score is not None:
                    points[key].append(c.score)
                    counted = answers[key]  # plain increments: Counter.update costs a call per answer
                    if isinstance(c.value, tuple):
                        for v in c.value:
                            counted[str(v)] += 1
                    elif c.value is not None:
                        counted[str(c.value)] += 1
    questions = [_question(key, answers[key], special[key], points[key]) for key in order]
    questions.sort(key=lambda s: (not s.shown, -(s.disagreement or 0.0)))
    areas = tuple(AreaSpread(d, median(s) if s else None, min(s) if s else None, max(s) if s else None, len(s))
                  for d, s in area_scores.items())
    return TeamView(participants=len(results), questions=tuple(questions), areas=areas)


def _question(key: tuple[str, str], answers: Counter[str], special: Counter[str], points: list[float]) -> QuestionSpread:
    dimension_id, question_id = key
    spread = None
    if len(points) >= MIN_ANSWERS:
        low, _middle, high = quantiles(points, n=4, method="inclusive")
        spread = round(high - low, 1)
    return QuestionSpread(question_id=question_id, dimension_id=dimension_id, answers=answers,
                          dont_know=special["dont_know"], not_applicable=special["not_applicable"], scored=len(points),
                          median=round(median(points), 1) if points else None, disagreement=spread)


def suggested_consensus(q: Questionnaire, answer_sets: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The answer to put before the team for each question: the median of what it answered.

    A choice: the option whose points lie nearest the median of the team's points (the
    first such in the author's order); several ticks: the options at least half ticked; a
    scale or a number: the median value (a scale's rounded to a whole step). "Don't know"
    and "does not apply" are suggested only when most of the team gave them. Questions
    nobody answered are left out.
    """
    suggested: dict[str, Any] = {}
    for question in q.questions:
        given = [a[question.id] for a in answer_sets if question.id in a]
        if not given:
            continue
        special = Counter(v for v in given if v in (DONT_KNOW, NOT_APPLICABLE))
        real = [v for v in given if v not in (DONT_KNOW, NOT_APPLICABLE)]
        if special and sum(special.values()) * 2 > len(given):
            suggested[question.id] = special.most_common(1)[0][0]
        elif real:
            value = _middle_answer(question, real)
            if value is not None:
                suggested[question.id] = value
    return suggested


def _middle_answer(question: Any, given: list[Any]) -> Any:
    if isinstance(question, MultipleChoice):
        ticked = Counter(option for value in given if isinstance(value, list | tuple) for option in value)
        return [o.id for o in question.options if ticked[o.id] * 2 >= len(given)] or None
    if isinstance(question, Scale | Number):
        numbers = sorted(float(v) for v in given if isinstance(v, int | float))
        if not numbers:
            return None
        middle = median(numbers)
        return int(round(middle)) if isinstance(question, Scale) or all(float(n).is_integer() for n in numbers) else middle
    scores = getattr(question, "option_scores", None)
    if not scores:
        return Counter(str(v) for v in given).most_common(1)[0][0]
    points = median(scores[v] for v in given if v in scores) if any(v in scores for v in given) else None
    if points is None:
        return None
    return min((o.id for o in question.options), key=lambda o: abs(scores.get(o, 0.0) - points))
