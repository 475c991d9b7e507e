"""Properties that must hold for any answers, checked with generated assessments."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion, Questionnaire, load_questionnaire
from questionnaires.catalogue import EXAMPLES
from questionnaires.model import MultipleChoice, Number, Scale, SingleChoice, YesPartlyNo
from scoring import score

EXAMPLE = load_questionnaire(EXAMPLES / "example.yaml")


def value_for(question: AnyQuestion) -> st.SearchStrategy[Any]:
    if isinstance(question, Scale):
        values: st.SearchStrategy[Any] = st.integers(question.min, question.max)
    elif isinstance(question, Number):
        low, high = question.min or 0, question.max if question.max is not None else 1e6
        values = st.integers(int(low), int(high)) if question.integer else st.floats(low, high, allow_nan=False)
    elif isinstance(question, MultipleChoice):
        plain = [o.id for o in question.options if not o.exclusive]
        values = st.one_of(
            st.lists(st.sampled_from(plain), unique=True, min_size=1),
            st.sampled_from([[o.id] for o in question.options if o.exclusive] or [[plain[0]]]),
        )
    elif question.type == "text":
        values = st.text(max_size=50)
    else:
        values = st.sampled_from(sorted(question.option_ids))  # type: ignore[union-attr]
    extras = [NOT_APPLICABLE] * question.allow_na + [DONT_KNOW] * question.allow_unknown
    return st.one_of(values, st.sampled_from(extras)) if extras else values


def answers_for(questionnaire: Questionnaire) -> st.SearchStrategy[dict[str, Any]]:
    """Any subset of the questions, each with a valid answer (hidden ones included, to be dropped)."""
    return st.fixed_dictionaries({}, optional={q.id: value_for(q) for q in questionnaire.questions})


def profile_for(questionnaire: Questionnaire) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={q.id: value_for(q) for q in questionnaire.profile})


assessments = st.tuples(answers_for(EXAMPLE), profile_for(EXAMPLE))


@given(assessments)
def test_scores_stay_between_0_and_100(assessment: tuple[dict, dict]) -> None:
    answers, profile = assessment
    result = score(EXAMPLE, answers, profile)
    for value in [result.score] + [d.score for d in result.dimensions]:
        assert value is None or 0 <= value <= 100
    for dimension in result.dimensions:
        assert 0 <= dimension.answered <= dimension.asked
        assert (dimension.score is None) == (dimension.level_id is None)


@given(assessments)
def test_scoring_is_deterministic_and_order_free(assessment: tuple[dict, dict]) -> None:
    answers, profile = assessment
    reordered = dict(reversed(list(answers.items())))
    assert score(EXAMPLE, answers, profile) == score(EXAMPLE, answers, profile) == score(EXAMPLE, reordered, profile)


CHOICES = [q for q in EXAMPLE.questions if isinstance(q, SingleChoice | YesPartlyNo)]


@settings(max_examples=300)
@given(assessments, st.sampled_from(CHOICES), st.data())
def test_a_better_option_never_lowers_its_dimension(assessment: tuple[dict, dict], question: Any, data: Any) -> None:
    answers, profile = assessment
    low, high = sorted(data.draw(st.lists(st.sampled_from(question.options), min_size=2, max_size=2)),
                       key=lambda o: o.score)
    dimension = next(d.id for d in EXAMPLE.dimensions if question in d.questions)
    worse = score(EXAMPLE, {**answers, question.id: low.id}, profile).dimension(dimension).score
    better = score(EXAMPLE, {**answers, question.id: high.id}, profile).dimension(dimension).score
    if worse is not None:
        assert better is not None and better >= worse


SKIPPABLE = [q for q in EXAMPLE.questions if q.allow_na]


@given(assessments, st.sampled_from(SKIPPABLE), st.data())
def test_does_not_apply_never_changes_another_dimension(assessment: tuple[dict, dict], question: Any, data: Any) -> None:
    answers, profile = assessment
    other = data.draw(value_for(question))
    with_na = score(EXAMPLE, {**answers, question.id: NOT_APPLICABLE}, profile)
    with_answer = score(EXAMPLE, {**answers, question.id: other}, profile)
    own = next(d.id for d in EXAMPLE.dimensions if question in d.questions)
    for a, b in zip(with_na.dimensions, with_answer.dimensions):
        if a.dimension_id != own:
            assert a == b
