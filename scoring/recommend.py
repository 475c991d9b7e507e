"""Which actions to recommend, in which order, and why.

An action applies when the dimension's level is one of its `levels`, when its `when`
condition holds for the answers, or both if it names both. Applicable actions are ranked
by expected gain:

- for a level action: how far the dimension score is below the next level, times the
  dimension's weight (a dimension far from its next step, that counts a lot, comes first);
- for an answer-triggered action: how many points the dimension would gain if the
  questions named in `when` were answered at their best, plus the level gap above, times
  the dimension's weight; a gap the company told us about outranks general advice.

Impact and effort then adjust the order (high impact and low effort first), and no more
than two actions of the same dimension are shown, so the list covers several areas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Action, Level, Questionnaire, Text

from .engine import visible_values
from .plan import plan_for
from .result import DimensionResult, Result
from .variety import pick_varied
from .wording import written_number, written_score

IMPACT = {"high": 1.0, "medium": 0.75, "low": 0.5}
EFFORT = {"low": 1.0, "medium": 1.25, "high": 1.5}
PER_DIMENSION = 2


@dataclass(frozen=True)
class Recommendation:
    action: Action
    gain: float  # expected points for the dimension, times its weight
    priority: float  # gain adjusted for impact and effort: the sort key
    reason: Text


def recommend(
    questionnaire: Questionnaire,
    result: Result,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    limit: int = 5,
) -> list[Recommendation]:
    values = visible_values(questionnaire, answers, profile or {})
    dimensions = {d.dimension_id: d for d in result.dimensions}
    candidates = []
    for action in questionnaire.actions:
        found = _evaluate(questionnaire, action, dimensions[action.dimension], values)
        if found is not None:
            gain, reason = found
            priority = gain * IMPACT[action.impact] / EFFORT[action.effort]
            candidates.append(Recommendation(action, round(gain, 1), round(priority, 2), reason))
    candidates.sort(key=lambda r: (-r.priority, r.action.when is None, r.action.id))
    return pick_varied(candidates, lambda r: r.action.dimension, PER_DIMENSION, limit)


def _evaluate(
    q: Questionnaire, action: Action, dimension: DimensionResult, values: Mapping[str, Any]
) -> tuple[float, Text] | None:
    """(gain, reason) when the action applies, else None.

    A `when` that names only profile questions (industry, size) is a filter: the action
    fits such businesses, and its reason is the dimension's distance to the next level.
    """
    if action.levels and (dimension.score is None or dimension.level_id not in action.levels):
        return None
    if action.when is not None and (action.condition is None or not action.condition(values)):
        return None
    weight = q.dimension_index[action.dimension].weight
    triggers = sorted(r for r in action.condition.references if r in q.question_index) if action.condition else []
    step = _next_level(q, dimension.score) if dimension.score is not None else None
    level_gain = step[1] * weight if step is not None else 0.0
    if triggers:
        asked = q.question_index[triggers[0]].text
        gain = _answer_gain(action, dimension) * weight + level_gain
        reason = Text(de=f"Wegen Ihrer Antwort auf „{asked.de}“", en=f"Because of your answer to “{asked.get('en')}”")
        return gain, reason
    if dimension.score is None or step is None or level_gain <= 0:
        return None
    title = q.dimension_index[action.dimension].title
    following, points = step[0].title, step[1]
    reason = Text(
        de=f"{title.de}: {written_score(dimension.score, 'de')} von 100, {written_number(points, 'de')} Punkte bis zur Stufe „{following.de}“",
        en=f"{title.get('en')}: {written_score(dimension.score, 'en')} of 100, {written_number(points, 'en')} points below the level "
           f"“{following.get('en')}”",
    )
    return level_gain, reason


def _next_level(q: Questionnaire, score: float) -> tuple[Level, float] | None:
    """The level above the score's own and how many points are missing to it; None at the top."""
    index = [lvl.id for lvl in q.levels].index(plan_for(q).level_for(score))
    if index + 1 == len(q.levels):
        return None
    following = q.levels[index + 1]
    return following, max(round(following.min - score, 1), 0.0)


def _answer_gain(action: Action, dimension: DimensionResult) -> float:
    """Points the dimension would gain if the triggering questions were answered at their best."""
    references = action.condition.references if action.condition is not None else frozenset()
    counted = [(c.question_id, c.score, c.weight) for c in dimension.contributions if c.score is not None]
    total_weight = sum(weight for _, _, weight in counted)
    if not total_weight:
        return 0.0
    return sum((100 - points) * weight for qid, points, weight in counted if qid in references) / total_weight
