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
    for question_id, status, _, points, weight in dimension.contributions:
        if question_id in improved and (points is not None or status == "dont_know"):
            points = best[question_id]
        if points is None:
            continue
        total_weight += weight
        weighted_sum += points * weight
        if lowest is None or points < lowest:
            lowest = points
    if lowest is None:
        return 0.0
    after = lowest if aggregation == "minimum" else weighted_sum / total_weight
    return max(round(after, 1) - (dimension.score or 0.0), 0.0)
