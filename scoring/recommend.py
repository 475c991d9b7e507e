"""Which next steps a company sees, in which order, and why (the method: docs/scoring.md).

A step applies when its dimension's level is one of its `levels` and one of its `when`
conditions holds (either may be left out). Applicable steps are ranked by category first,
as a consultant would: legal duties that apply now, then core steps for the firm's
industry, then quick wins, then the rest. Within a category, steps triggered by an answer
come before steps for the area's level, and the expected gain adjusted for impact and effort
decides. At most `limit` steps are shown, and at most two quick wins
or other steps of one area; legal duties and core steps are never held back by that cap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Action, Level, Questionnaire, Text

from .engine import visible_values
from .gain import best_score, rise
from .plan import plan_for
from .reasons import answer_reason, level_reason
from .result import AnswerValue, DimensionResult, Result
from .variety import pick_varied

CATEGORIES = ("legal", "core", "quick_win", "general")
IMPACT = {"high": 1.0, "medium": 0.75, "low": 0.5}
EFFORT = {"low": 1.0, "medium": 1.25, "high": 1.5}
PER_DIMENSION = 2
SHOWN = 5


@dataclass(frozen=True)
class Recommendation:
    action: Action
    gain: float  # the rise the triggering answers would bring (or the level gap), times the dimensions' weights
    priority: float  # gain adjusted for impact and effort: the order within a category
    reason: Text
    kind: str = "general"  # the category that set the rank: the action's kind, or general for a core step elsewhere
    trigger: str | None = None  # the question whose answer triggered the step; None for a level step


def recommend(
    questionnaire: Questionnaire,
    result: Result,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    limit: int = SHOWN,
) -> list[Recommendation]:
    values = visible_values(questionnaire, answers, profile or {})
    dimensions = {d.dimension_id: d for d in result.dimensions}
    candidates = [
        (position, found) for position, action in enumerate(questionnaire.actions)
        if (found := _evaluate(questionnaire, action, dimensions, values)) is not None
    ]
    # Within a category a gap the firm told us about comes before general advice for its level;
    # then priority decides, and ties go to the order the author wrote the steps in.
    candidates.sort(key=lambda c: (CATEGORIES.index(c[1].kind), c[1].trigger is None, -c[1].priority, c[0]))
    ranked = [recommendation for _, recommendation in candidates]
    return pick_varied(ranked, _area, PER_DIMENSION, limit)


def _area(recommendation: Recommendation) -> str:
    """The group the per-area cap counts in: legal duties and core steps are never cut by it."""
    if recommendation.kind in ("legal", "core"):
        return recommendation.kind + ":" + recommendation.action.id
    return recommendation.action.dimension


def _evaluate(
    q: Questionnaire, action: Action, dimensions: Mapping[str, DimensionResult], values: Mapping[str, AnswerValue]
) -> Recommendation | None:
    """The step with gain and reason when it applies, else None.

    The first `when` that holds and names a dimension question is the trigger. A `when` that
    names only profile questions (industry, size) is a filter: the step fits such firms, and
    like a level step its reason and gain are the dimension's distance to the next level.
    """
    dimension = dimensions[action.dimension]
    if action.levels and (dimension.score is None or dimension.level_id not in action.levels):
        return None
    held = [c for c in action.conditions if c(values)]
    if action.conditions and not held:
        return None
    industry = values.get("industry")
    kind = action.kind
    if kind == "core" and industry not in action.core_for:
        kind = "general"
    core_industry = industry if kind == "core" and isinstance(industry, str) else None
    for condition in held:
        asked = [qid for qid in q.question_index if qid in condition.references and qid in values]  # file order
        if asked:
            gain = _answer_gain(q, dimensions, asked)
            reason = answer_reason(q, kind, core_industry, asked[0], values[asked[0]])
            return _ranked(action, gain, reason, kind, asked[0])
    step = _next_level(q, dimension.score) if dimension.score is not None else None
    if dimension.score is None or step is None or step[1] <= 0:
        return None
    gain = step[1] * q.dimension_index[action.dimension].weight
    reason = level_reason(q, kind, core_industry, action.dimension, dimension.score, *step)
    return _ranked(action, gain, reason, kind, None)


def _ranked(action: Action, gain: float, reason: Text, kind: str, trigger: str | None) -> Recommendation:
    priority = gain * IMPACT[action.impact] / EFFORT[action.effort]
    return Recommendation(action, round(gain, 1), round(priority, 2), reason, kind, trigger)


def _answer_gain(q: Questionnaire, dimensions: Mapping[str, DimensionResult], asked: list[str]) -> float:
    """What the dimensions of the triggering questions would gain with those answered at their best."""
    best = {qid: best_score(q.question_index[qid]) for qid in asked}
    total = 0.0
    for dimension in q.dimensions:
        improved = [c.question_id for c in dimensions[dimension.id].contributions if c.question_id in best]
        if improved:
            total += rise(dimensions[dimension.id], dimension.aggregation, improved, best) * dimension.weight
    return total


def _next_level(q: Questionnaire, score: float) -> tuple[Level, float] | None:
    """The level above the score's own and how many points are missing to it; None at the top."""
    index = [lvl.id for lvl in q.levels].index(plan_for(q).level_for(score))
    if index + 1 == len(q.levels):
        return None
    following = q.levels[index + 1]
    return following, max(round(following.min - score, 1), 0.0)
