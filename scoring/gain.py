"""How many points a dimension would actually rise if some of its answers were at their best.

A step's expected gain is this rise, so it must follow the dimension's own arithmetic: in a
`minimum` dimension raising the weakest answer lifts the score only to the next-weakest,
and under `dont_know: excluded` a "don't know" the step would settle joins the mean.
"""

from __future__ import annotations

from collections.abc import Collection

from questionnaires.model import AnyQuestion, MultipleChoice, Number, Scale

from .result import DimensionResult


def best_score(question: AnyQuestion) -> float:
    """The highest score any answer to the question can reach."""
    if isinstance(question, MultipleChoice):
        return min(100.0, sum(o.score or 0.0 for o in question.options if not o.exclusive))
    if isinstance(question, Number):
        return max((b.score for b in question.bands), default=0.0)
    if isinstance(question, Scale):
        return 100.0
    return max(question.option_scores.values(), default=0.0)  # type: ignore[union-attr]


def rise(
    dimension: DimensionResult, aggregation: str, improved: Collection[str], best: dict[str, float]
) -> float:
    """The dimension's score with the `improved` questions at `best`, minus its score now.

    Counted answers keep their score; an improved question that counts now, or that was left
    out only because "don't know" is excluded, enters with its best score. Unanswered and
    "does not apply" questions stay out: no step is triggered by them. A dimension without a
    score rises from 0.
    """
    total_weight = weighted_sum = 0.0
    lowest: float | None = None
    for c in dimension.contributions:
        settled = c.question_id in improved and (c.score is not None or c.status == "dont_know")
        points = best[c.question_id] if settled else c.score
        if points is None:
            continue
        total_weight += c.weight
        weighted_sum += points * c.weight
        lowest = points if lowest is None else min(lowest, points)
    if lowest is None:
        return 0.0
    after = lowest if aggregation == "minimum" else weighted_sum / total_weight
    return max(round(after, 1) - (dimension.score or 0.0), 0.0)
