"""The compiled scorer against a plain reading of docs/scoring.md, for valid and tampered answers.

Scoring is compiled into one generated function per questionnaire for speed
(scoring/compiled.py). This file keeps the method as a consultant reads it, written the
slow and obvious way, and checks on generated assessments, with values of every wrong
kind mixed in, that both give the same result, or both reject the same answer.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from questionnaires import DONT_KNOW, NOT_APPLICABLE, Questionnaire, load_questionnaire
from questionnaires.catalogue import EXAMPLES, SHIPPED
from questionnaires.model import MultipleChoice
from scoring import InvalidAnswer, check_answers, score
from scoring.engine import scored_values
from tests.scoring.test_properties import value_for

CHECKS = {
    path.stem: load_questionnaire(path)
    for path in [EXAMPLES / "example.yaml", *sorted(SHIPPED.glob("*.yaml"))]
}
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 120), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "na", "unknown", "yes", "no", "x" * 3000, "76", "7"]),
    st.lists(st.sampled_from(["na", "cloud", "email", "none", "website"]), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


def reference(q: Questionnaire, answers: dict[str, Any], profile: dict[str, Any]) -> tuple[dict, dict]:
    """docs/scoring.md, step by step: check, drop hidden answers, score, aggregate, band."""
    checked, checked_profile = check_answers(q, answers, profile)
    values: dict[str, Any] = {**checked_profile, **checked}
    for question in q.profile:
        if question.condition is not None and not question.condition(values):
            values.pop(question.id, None)
    dimensions, overall = [], []
    for dimension in q.dimensions:
        counted, rows = [], []
        for question in dimension.questions:
            if question.condition is not None and not question.condition(values):
                values.pop(question.id, None)
                continue
            if not question.is_scored:
                continue
            value = values.get(question.id)
            if value is None:
                status, points = "unanswered", None
            elif value == NOT_APPLICABLE:
                status, points = "not_applicable", None
            elif value == DONT_KNOW:
                status = "dont_know"
                points = question.lowest_score if q.scoring.dont_know == "lowest" else None  # type: ignore[union-attr]
            elif isinstance(question, MultipleChoice):
                status, points = "scored", min(100.0, sum(question.option_scores[v] for v in value))
            elif hasattr(question, "score_of"):
                status, points = "scored", question.score_of(value)  # type: ignore[union-attr]
            else:
                status, points = "scored", question.option_scores[value]  # type: ignore[union-attr]
            rows.append({"question_id": question.id, "status": status, "value": value, "score": points,
                         "weight": question.weight})
            if points is not None:
                counted.append((points, question.weight))
        points_now = _aggregate(dimension.aggregation, counted)
        dimensions.append({"dimension_id": dimension.id, "score": points_now, "answered": sum(
            r["status"] != "unanswered" for r in rows), "asked": len(rows), "contributions": rows})
        if points_now is not None:
            overall.append((points_now, dimension.weight))
    return {"score": _aggregate(q.scoring.overall, overall), "dimensions": dimensions}, values


def _aggregate(method: str, counted: list[tuple[float, float]]) -> float | None:
    if not counted:
        return None
    if method == "minimum":
        return round(min(p for p, _ in counted), 1)
    return round(sum(p * w for p, w in counted) / sum(w for _, w in counted), 1)


def compiled(q: Questionnaire, answers: dict[str, Any], profile: dict[str, Any]) -> tuple[dict, dict]:
    result, values = scored_values(q, answers, profile)
    plain = result.to_dict()
    for d in plain["dimensions"]:
        d.pop("level_id")
        for c in d["contributions"]:
            c["value"] = tuple(c["value"]) if isinstance(c["value"], list) else c["value"]
    level = result.level_id
    assert level == (None if result.score is None else next(
        lvl.id for lvl in reversed(q.levels) if result.score >= lvl.min))
    return {"score": plain["score"], "dimensions": [
        {k: d[k] for k in ("dimension_id", "score", "answered", "asked", "contributions")}
        for d in plain["dimensions"]]}, values


def assessments(q: Questionnaire) -> st.SearchStrategy[tuple[dict, dict]]:
    """Valid answers to any subset of the questions; in about half of them a few values made wrong."""
    answers = st.fixed_dictionaries({}, optional={qu.id: value_for(qu) for qu in q.questions})
    profile = st.fixed_dictionaries({}, optional={qu.id: value_for(qu) for qu in q.profile})
    names = [qu.id for qu in (*q.questions, *q.profile)] + ["webseite", "x"]
    wrong = st.one_of(st.just({}), st.dictionaries(st.sampled_from(names), WRONG, max_size=2))
    return st.tuples(answers, profile, wrong, wrong).map(
        lambda drawn: ({**drawn[0], **drawn[2]}, {**drawn[1], **{k: v for k, v in drawn[3].items() if k in q.profile_index}}))


@pytest.mark.parametrize("name", sorted(CHECKS))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_compiled_scoring_follows_the_documented_method(name: str, data: st.DataObject) -> None:
    q = CHECKS[name]
    answers, profile = data.draw(assessments(q))
    try:
        expected = reference(q, answers, profile)
    except InvalidAnswer as rejected:
        event("rejected")
        with pytest.raises(InvalidAnswer) as caught:
            score(q, answers, profile)
        assert str(caught.value) == str(rejected)
        return
    assert compiled(q, answers, profile) == expected


def test_answers_as_stored_and_as_canonical_tuples_score_alike() -> None:
    q = CHECKS["kmu-check"]
    ticked = next(qu for qu in q.questions if isinstance(qu, MultipleChoice) and qu.condition is None)
    plain = [o.id for o in ticked.options if not o.exclusive][:2]
    as_list = score(q, {ticked.id: list(reversed(plain))})
    as_tuple = score(q, {ticked.id: tuple(plain)})
    assert as_list == as_tuple
    kept = next(c for d in as_list.dimensions for c in d.contributions if c.question_id == ticked.id)
    assert kept.value == tuple(plain)  # in the questionnaire's option order


def test_true_is_not_taken_for_the_scale_value_one() -> None:
    q = CHECKS["example"]
    with pytest.raises(InvalidAnswer, match="expected a number"):
        score(q, {"leadership_time": True})
    assert score(q, {"leadership_time": 1.0}) == score(q, {"leadership_time": 1})


def test_only_plain_identifiers_are_written_into_the_scorer() -> None:
    from scoring.compiled import compile_dimensions
    from scoring.plan import DimensionPlan

    with pytest.raises(ValueError, match="not a plain identifier"):
        compile_dimensions((DimensionPlan("x') or __import__('os') #", 1.0, "weighted_mean", ()),), lambda s: "l")
