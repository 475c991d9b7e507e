"""answers + profile -> Result. Pure: no I/O, no clock, no randomness, same input same output.

The method is explained in docs/scoring.md. In short: each visible, scored question gets
0-100; a dimension aggregates its questions (weighted mean or minimum, as declared);
the overall index aggregates the dimensions the same way; levels are bands over 0-100.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.model import Questionnaire

from .answers import InvalidAnswer
from .compiled import DimensionsScorer, Unusual, compile_dimensions
from .plan import ScoringPlan, check_answers, plan_for
from .result import AnswerValue, Contribution, DimensionResult, Result


def score(
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
) -> Result:
    """Score one assessment; an invalid answer raises InvalidAnswer naming the question."""
    return scored_values(questionnaire, answers, profile or {})[0]


def scored_values(
    questionnaire: Questionnaire, answers: Mapping[str, Any], profile: Mapping[str, Any]
) -> tuple[Result, dict[str, AnswerValue]]:
    """The result and the visible values it was scored from, so the outcome checks the answers only once.

    Answers as the app stores them are checked while they are scored. Anything unusual
    (an unknown question, a value of the wrong kind, a list where a tuple is kept) sends
    the assessment through the full check first, which names the first misfit or hands
    back canonical values; a value is never scored unchecked either way.
    """
    plan = plan_for(questionnaire)
    try:
        return _scored(questionnaire, plan, answers, profile)
    except (Unusual, InvalidAnswer, KeyError, TypeError):
        checked, checked_profile = check_answers(questionnaire, answers, profile)
        return _scored(questionnaire, plan, checked, checked_profile)


def _scored(
    questionnaire: Questionnaire, plan: ScoringPlan, answers: Mapping[str, Any], profile: Mapping[str, Any]
) -> tuple[Result, dict[str, AnswerValue]]:
    if not plan.answer_ids.issuperset(answers):
        raise Unusual
    profile_checks = plan.profile_checks
    values: dict[str, AnswerValue] = {qid: profile_checks[qid](v) for qid, v in profile.items() if v is not None}
    for qid, condition in plan.profile_conditions:
        if not condition(values):
            values.pop(qid, None)
    dimensions, total_weight, weighted_sum, lowest = _scorer(questionnaire)(answers.get, values)
    overall = _combine(plan.overall, total_weight, weighted_sum, lowest)
    result = Result(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        content_hash=plan.content_hash,
        dimensions=tuple(dimensions),
        score=overall,
        level_id=plan.level_for(overall) if overall is not None else None,
    )
    return result, values


def visible_questions(
    questionnaire: Questionnaire, answers: Mapping[str, Any], profile: Mapping[str, Any]
) -> list[str]:
    """Ids of the dimension questions shown for these answers, in order; hidden ones drop out."""
    return list(_visible(questionnaire, {**profile, **answers}))


def visible_values(
    questionnaire: Questionnaire, answers: Mapping[str, Any], profile: Mapping[str, Any]
) -> dict[str, AnswerValue]:
    """Checked answers and profile in one mapping, without the answers to hidden questions."""
    return scored_values(questionnaire, answers, profile)[1]


def _visible(questionnaire: Questionnaire, values: dict[str, Any]) -> list[str]:
    plan = plan_for(questionnaire)
    for qid, condition in plan.profile_conditions:
        if not condition(values):
            values.pop(qid, None)
    shown = []
    for dimension in plan.dimensions:
        for question in dimension.questions:
            if question.condition is None or question.condition(values):
                shown.append(question.id)
            else:
                values.pop(question.id, None)
    return shown


def _scorer(questionnaire: Questionnaire) -> DimensionsScorer:
    """The questionnaire's dimensions as one compiled function, built on first use and kept."""
    found = questionnaire.derived.get("dimension_scorer")
    if found is None:
        plan = plan_for(questionnaire)
        found = questionnaire.derived["dimension_scorer"] = compile_dimensions(
            plan.dimensions, tuple(plan.level_ids[place] for place in plan.level_at_tenth))
    assert callable(found)
    return found


def _combine(method: str, total_weight: float, weighted_sum: float, lowest: float | None) -> float | None:
    """Rounded to one decimal so that the level always matches the number people see."""
    if lowest is None:
        return None
    if method == "minimum":
        return round(lowest, 1)
    return round(weighted_sum / total_weight, 1)
