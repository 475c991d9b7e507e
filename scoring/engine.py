"""answers + profile -> Result. Pure: no I/O, no clock, no randomness, same input same output.

The method is explained in docs/scoring.md. In short: each visible, scored question gets
0-100; a dimension aggregates its questions (weighted mean or minimum, as declared);
the overall index aggregates the dimensions the same way; levels are bands over 0-100.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.model import DONT_KNOW, NOT_APPLICABLE, Questionnaire

from .plan import DimensionPlan, ScoringPlan, check_answers, plan_for
from .result import AnswerStatus, AnswerValue, Contribution, DimensionResult, Result


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
    """The result and the visible values it was scored from, so the outcome checks the answers only once."""
    plan = plan_for(questionnaire)
    checked, checked_profile = check_answers(questionnaire, answers, profile)
    values: dict[str, AnswerValue] = {**checked_profile, **checked}
    for qid, condition in plan.profile_conditions:
        if not condition(values):
            values.pop(qid, None)
    dimensions = tuple(_score_dimension(plan, d, values) for d in plan.dimensions)
    scored = [(d.score, p.weight) for d, p in zip(dimensions, plan.dimensions) if d.score is not None]
    overall = _combine(
        plan.overall,
        sum(weight for _, weight in scored),
        sum(points * weight for points, weight in scored),
        min((points for points, _ in scored), default=None),
    )
    result = Result(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        content_hash=plan.content_hash,
        dimensions=dimensions,
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
    checked, checked_profile = check_answers(questionnaire, answers, profile)
    values: dict[str, AnswerValue] = {**checked_profile, **checked}
    shown = set(_visible(questionnaire, values))
    return {k: v for k, v in values.items() if k in shown or k in questionnaire.profile_index}


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


def _score_dimension(plan: ScoringPlan, dimension: DimensionPlan, values: dict[str, AnswerValue]) -> DimensionResult:
    dont_know_counts = plan.dont_know_counts
    contributions = []
    answered = 0
    total_weight = weighted_sum = 0.0
    lowest: float | None = None
    for question in dimension.questions:
        # Conditions only look back, so one pass in order settles every question's visibility.
        if question.condition is not None and not question.condition(values):
            values.pop(question.id, None)
            continue
        if not question.scored:
            continue
        value = values.get(question.id)
        points: float | None = None
        status: AnswerStatus
        if value is None:
            status = "unanswered"
        else:
            answered += 1
            if value == NOT_APPLICABLE:
                status = "not_applicable"
            elif value == DONT_KNOW:
                status = "dont_know"
                points = question.lowest if dont_know_counts else None
            else:
                status = "scored"
                points = question.points(value)
            if points is not None:
                total_weight += question.weight
                weighted_sum += points * question.weight
                lowest = points if lowest is None or points < lowest else lowest
        contributions.append(Contribution(question.id, status, value, points, question.weight))
    dimension_score = _combine(dimension.aggregation, total_weight, weighted_sum, lowest)
    return DimensionResult(
        dimension_id=dimension.id,
        score=dimension_score,
        level_id=plan.level_for(dimension_score) if dimension_score is not None else None,
        answered=answered,
        asked=len(contributions),
        contributions=tuple(contributions),
    )


def _combine(method: str, total_weight: float, weighted_sum: float, lowest: float | None) -> float | None:
    """Rounded to one decimal so that the level always matches the number people see."""
    if lowest is None:
        return None
    if method == "minimum":
        return round(lowest, 1)
    return round(weighted_sum / total_weight, 1)
