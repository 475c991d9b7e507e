"""Which next steps a company sees, in which order, and why (the method: docs/scoring.md).

A step applies when its dimension's level is one of its `levels` and one of its `when`
conditions holds (either may be left out). Applicable steps are ranked by category first,
as a consultant would: legal duties that apply now, then core steps for the firm's
industry, then quick wins, then the rest. Within a category, steps triggered by an answer
come before steps for the area's level, and the expected gain adjusted for impact and effort
decides. At most `limit` steps are shown, and at most two quick wins or other steps of one
area; legal duties and core steps are never held back by that cap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from questionnaires.model import Action, Level, Questionnaire, Text

from .engine import visible_values
from .gain import rise
from .reasons import answer_reason, level_reason
from .result import AnswerValue, DimensionResult, Result
from .steps import CATEGORIES, Step, StepPlan, steps_for
from .variety import pick_varied

CORE, GENERAL = CATEGORIES.index("core"), CATEGORIES.index("general")
PER_DIMENSION = 2
SHOWN = 5


class Recommendation(NamedTuple):
    action: Action
    gain: float  # the rise the triggering answers would bring (or the level gap), times the dimensions' weights
    priority: float  # gain adjusted for impact and effort: the order within a category
    reason: Text
    kind: str = "general"  # the category that set the rank: the action's kind, or general for a core step elsewhere
    trigger: str | None = None  # the question whose answer triggered the step; None for a level step


class _Candidate(NamedTuple):
    """An applicable step before its reason is written: only the chosen ones get one.

    Within one category, candidates sort as tuples: answer before level, then priority,
    then the author's order (the position is unique, so later fields are never compared).
    """

    level_step: bool  # triggered by the area's level rather than by an answer
    priority: float  # negated, so that the highest comes first
    position: int
    step: Step
    gain: float
    kind: str
    trigger: str | None
    next_level: tuple[Level, float] | None
    facts: tuple[str, ...] = ()  # for a step whose `when` held by profile answers alone: those questions
    missing: tuple[str, ...] = ()  # options whose absence from the triggering answer made the `when` hold


def recommend(
    questionnaire: Questionnaire,
    result: Result,
    answers: Mapping[str, Any],
    profile: Mapping[str, Any] | None = None,
    limit: int = SHOWN,
) -> list[Recommendation]:
    return ranked(questionnaire, result, visible_values(questionnaire, answers, profile or {}), limit)


def ranked(
    questionnaire: Questionnaire, result: Result, values: Mapping[str, AnswerValue], limit: int = SHOWN
) -> list[Recommendation]:
    """The steps for answers already checked, with hidden ones left out (as `visible_values` gives them)."""
    dimensions = {d.dimension_id: d for d in result.dimensions}
    chosen = pick_varied(_in_rank_order(questionnaire, result, dimensions, values), _area, PER_DIMENSION, limit)
    return [_explained(questionnaire, c, dimensions, values) for c in chosen]


def _in_rank_order(
    q: Questionnaire, result: Result, dimensions: Mapping[str, DimensionResult], values: Mapping[str, AnswerValue]
) -> Iterator[_Candidate]:
    """Applicable steps in rank order, one category at a time.

    The category is the first part of the order, so a later category is evaluated only
    when the earlier ones leave places on the list (the many "general" steps are weighed
    only for firms whose legal duties, core steps and quick wins leave places).
    """
    plan = steps_for(q)
    industry = values.get("industry")
    by_category: tuple[list[Step], ...] = tuple([] for _ in CATEGORIES)
    for d in result.dimensions:
        for category, steps in enumerate(plan.by_level[d.dimension_id, d.level_id]):
            if category != CORE:
                by_category[category].extend(steps)
                continue
            for step in steps:  # a core step elsewhere counts like any other
                by_category[CORE if industry in step.core_for else GENERAL].append(step)
    gains: dict[tuple[str, ...], float] = {}  # several steps are often triggered by the same answers
    levels: dict[str, tuple[Level, float] | None] = {}  # each area's next level and the points missing to it
    for category, candidates in enumerate(by_category):
        kind = CATEGORIES[category]
        found = [c for step in candidates
                 if (c := _evaluate(plan, step, kind, dimensions, values, gains, levels)) is not None]
        found.sort()
        yield from found


def _area(candidate: _Candidate) -> str:
    """The group the per-area cap counts in: legal duties and core steps are never cut by it."""
    if candidate.kind in ("legal", "core"):
        return candidate.kind + ":" + candidate.step.action.id
    return candidate.step.dimension


def _evaluate(
    plan: StepPlan, step: Step, kind: str, dimensions: Mapping[str, DimensionResult],
    values: Mapping[str, AnswerValue], gains: dict[tuple[str, ...], float],
    levels: dict[str, tuple[Level, float] | None],
) -> _Candidate | None:
    """The step as a candidate when it applies, else None.

    The first `when` that holds and names an answered dimension question is the trigger. A
    `when` that names only profile questions (industry, size) is a filter: the step fits
    such firms, and like a level step its gain is the dimension's distance to the next level.
    """
    held: tuple[str, ...] | None = None  # the profile questions of the first `when` that held
    for condition, named, profile, absent in step.triggers:  # pure: stop at the first that names an answer
        if not condition(values):
            continue
        if held is None:
            held = tuple(qid for qid in profile if qid in values)
        asked: tuple[str, ...]
        if len(named) == 1:  # the usual case
            asked = named if named[0] in values else ()
        else:
            asked = tuple(qid for qid in named if qid in values)
        if asked:
            gain = gains.get(asked)
            if gain is None:
                gain = gains[asked] = round(_answer_gain(plan, dimensions, asked), 1)
            missing: tuple[str, ...] = ()
            if absent:
                ticked = values[asked[0]]
                if isinstance(ticked, tuple):
                    missing = tuple(o for o in absent.get(asked[0], ()) if o not in ticked)
            return _Candidate(False, -round(gain * step.factor, 2), step.position, step, gain, kind, asked[0], None,
                              (), missing)
    if step.triggers and held is None:
        return None
    if step.dimension in levels:
        following = levels[step.dimension]
    else:
        score = dimensions[step.dimension].score
        following = levels[step.dimension] = None if score is None else _next_level(plan, score)
    if following is None or following[1] <= 0:
        return None
    gain = round(following[1] * step.weight, 1)
    return _Candidate(True, -round(gain * step.factor, 2), step.position, step, gain, kind, None, following, held or ())


def _explained(
    q: Questionnaire, c: _Candidate, dimensions: Mapping[str, DimensionResult], values: Mapping[str, AnswerValue]
) -> Recommendation:
    industry = values.get("industry")
    core_industry = industry if c.kind == "core" and isinstance(industry, str) else None
    kept = steps_for(q).reasons  # a sentence depends only on these keys, and firms share them
    key: tuple[Any, ...]
    if c.trigger is not None:
        trigger = c.trigger
        key = (c.kind, core_industry, trigger, values[trigger], c.missing)
        reason = kept.remembered(
            key, lambda: answer_reason(q, c.kind, core_industry, trigger, values[trigger], c.missing))
    else:
        assert c.next_level is not None
        score = dimensions[c.step.dimension].score
        assert score is not None
        facts = tuple((qid, values[qid]) for qid in c.facts if not (qid == "industry" and core_industry))
        key = (c.kind, core_industry, c.step.dimension, score, facts)
        following = c.next_level
        reason = kept.remembered(
            key, lambda: level_reason(q, c.kind, core_industry, c.step.dimension, score, *following, facts=facts))
    return Recommendation(c.step.action, c.gain, -c.priority, reason, c.kind, c.trigger)


def _answer_gain(plan: StepPlan, dimensions: Mapping[str, DimensionResult], asked: tuple[str, ...]) -> float:
    """What the dimensions of the triggering questions would gain with those answered at their best."""
    if len(asked) == 1:  # the usual case: one question triggered the step
        dimension_id, aggregation, weight = plan.home[asked[0]]
        return rise(dimensions[dimension_id], aggregation, asked, plan.best) * weight
    by_dimension: dict[str, list[str]] = {}
    for qid in asked:
        by_dimension.setdefault(plan.home[qid][0], []).append(qid)
    total = 0.0
    for dimension_id, improved in by_dimension.items():
        _, aggregation, weight = plan.home[improved[0]]
        total += rise(dimensions[dimension_id], aggregation, improved, plan.best) * weight
    return total


def _next_level(plan: StepPlan, score: float) -> tuple[Level, float] | None:
    """The level above the score's own and how many points are missing to it; None at the top."""
    following = plan.next_level[int(score * 10 + 0.5)]  # scores have one decimal
    if following is None:
        return None
    return following, max(round(following.min - score, 1), 0.0)
