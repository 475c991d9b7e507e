"""The questionnaire's steps compiled for ranking: built once per questionnaire, like the scoring plan.

Ranking runs for every results page and every report; looking up which dimension a
question belongs to, or reading pydantic attributes for every step each time, would cost
more than the ranking itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from questionnaires.conditions import Evaluate
from questionnaires.model import Action, Aggregation, Level, Questionnaire, Text

from .gain import best_score
from .plan import Kept, memo, plan_for

# The order of the ranking's categories: legal duties, core steps for the firm's industry, quick wins, the rest.
CATEGORIES = ("legal", "core", "quick_win", "general")
IMPACT = {"high": 1.0, "medium": 0.75, "low": 0.5}
EFFORT = {"low": 1.0, "medium": 1.25, "high": 1.5}


class Trigger(NamedTuple):
    """One `when` of a step, with what its reason needs to say."""

    holds: Evaluate
    asks: tuple[str, ...]  # the dimension questions it names, in the order of the questionnaire
    profile: tuple[str, ...]  # the profile questions it names: a `when` that holds by profile alone is told by them
    absent: dict[str, tuple[str, ...]]  # options whose absence it tests ('records' not in gdpr_basics), by question


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    position: int  # in the file: the last tie-break is the author's order
    dimension: str
    weight: float  # the dimension's
    levels: frozenset[str]
    triggers: tuple[Trigger, ...]  # one per `when`
    category: int  # the action's kind, as its place in CATEGORIES
    core_for: frozenset[str]
    factor: float  # impact / effort


@dataclass(frozen=True, slots=True)
class StepPlan:
    steps: tuple[Step, ...]
    home: dict[str, tuple[str, Aggregation, float]]  # question id -> (dimension id, aggregation, dimension weight)
    best: dict[str, float]  # question id -> its best possible score
    # (dimension id, its level id or None) -> the steps whose `levels` admit it, so ranking skips the rest
    # unread, one tuple per kind in the order of CATEGORIES
    by_level: dict[tuple[str, str | None], tuple[tuple[Step, ...], ...]]
    reasons: Kept[tuple[Any, ...], Text]  # the sentences written so far, by what they depend on
    next_level: tuple[Level | None, ...]  # per tenth of a point: the level above a score's own, None at the top


def _absent(tree: Any, negated: bool = False, found: dict[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    """The options a condition requires to be missing from a multiple-choice answer (see conditions._json)."""
    found = {} if found is None else found
    if "not" in tree:
        _absent(tree["not"], not negated, found)
    for child in tree.get("any", ()) or tree.get("all", ()):
        _absent(child, negated, found)
    if tree.get("op") == "contains" and negated:
        found[tree["name"]] = (*found.get(tree["name"], ()), tree["value"])
    return found


def steps_for(questionnaire: Questionnaire) -> StepPlan:
    return memo(questionnaire, "step_plan", _build, StepPlan)


def _build(q: Questionnaire) -> StepPlan:
    order = [question.id for question in q.questions]
    steps = tuple(
        Step(
            action=action,
            position=position,
            dimension=action.dimension,
            weight=q.dimension_index[action.dimension].weight,
            levels=frozenset(action.levels),
            triggers=tuple(Trigger(c.evaluate, tuple(qid for qid in order if qid in c.references),
                                   tuple(p.id for p in q.profile if p.id in c.references), _absent(c.tree))
                           for c in action.conditions),
            category=CATEGORIES.index(action.kind),
            core_for=frozenset(action.core_for),
            factor=IMPACT[action.impact] / EFFORT[action.effort],
        )
        for position, action in enumerate(q.actions)
    )
    home = {question.id: (d.id, d.aggregation, d.weight) for d in q.dimensions for question in d.questions}
    best = {question.id: best_score(question) for question in q.questions if question.is_scored}
    by_level = {
        (d.id, level): tuple(
            tuple(s for s in steps if s.dimension == d.id and (not s.levels or level in s.levels) and s.category == n)
            for n in range(len(CATEGORIES)))
        for d in q.dimensions for level in (*(lvl.id for lvl in q.levels), None)
    }
    above = tuple(q.levels[n + 1] if n + 1 < len(q.levels) else None for n in range(len(q.levels)))
    next_level = tuple(above[place] for place in plan_for(q).level_at_tenth)
    return StepPlan(steps, home, best, by_level, Kept(), next_level)
