"""The condition language: what shows when, and what is refused at load time."""

from __future__ import annotations

import pytest

from questionnaires import Questionnaire
from questionnaires.conditions import ConditionError, compile_condition


def compile_for(example: Questionnaire, source: str):  # type: ignore[no-untyped-def]
    known = {**example.profile_index, **example.question_index}
    return compile_condition(source, known)


@pytest.mark.parametrize(
    ("source", "values", "shown"),
    [
        ("industry == 'crafts'", {"industry": "crafts"}, True),
        ("industry == 'crafts'", {"industry": "retail"}, False),
        ("industry != 'crafts'", {"industry": "retail"}, True),
        ("industry in ['crafts', 'services']", {"industry": "services"}, True),
        ("industry not in ['crafts', 'services']", {"industry": "services"}, False),
        ("employees >= 10", {"employees": 10}, True),
        ("employees >= 10", {"employees": 9}, False),
        ("10 <= employees", {"employees": 12}, True),
        ("employees > 9 and industry == 'retail'", {"employees": 50, "industry": "crafts"}, False),
        ("employees > 49 or industry == 'retail'", {"employees": 5, "industry": "retail"}, True),
        ("not (industry == 'retail')", {"industry": "crafts"}, True),
        ("'shop' in sales_channels", {"sales_channels": ("shop", "social")}, True),
        ("'shop' not in sales_channels", {"sales_channels": ("social",)}, True),
        ("backups == 'unknown'", {"backups": "unknown"}, True),
        ("paper_share < 30", {"paper_share": "unknown"}, False),
    ],
)
def test_conditions_evaluate_as_written(example: Questionnaire, source: str, values: dict, shown: bool) -> None:
    assert compile_for(example, source)(values) is shown


@pytest.mark.parametrize(
    "source",
    ["industry == 'crafts'", "industry != 'crafts'", "employees < 5", "'shop' in sales_channels",
     "'shop' not in sales_channels", "industry in ['crafts']", "industry not in ['crafts']"],
)
def test_a_comparison_with_an_unanswered_question_is_false(example: Questionnaire, source: str) -> None:
    assert compile_for(example, source)({}) is False


def test_references_are_recorded(example: Questionnaire) -> None:
    condition = compile_for(example, "industry == 'crafts' and employees > 5")
    assert condition.references == {"industry", "employees"}


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("industry == 'craft'", "has no option 'craft'"),
        ("industry > 'crafts'", "use == or != instead of >"),
        ("employees == 'many'", "is a number"),
        ("sales_channels == 'shop'", "allows several answers"),
        ("'crafts' in industry", "has one answer"),
        ("security_notes == 'x'", "free text"),
        ("industry == 'crafts' and", "incomplete"),
        ("__import__('os')", "unexpected"),
        ("industry == crafts", "compare a question with a value"),
        ("mfa == 'na'", "has no option 'na'"),
        ("'na' in sales_channels", "has no option 'na'"),
    ],
)
def test_mistakes_are_refused_at_load_time(example: Questionnaire, source: str, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_for(example, source)
    assert words in str(caught.value)


def test_several_mistakes_in_one_condition_are_all_reported(example: Questionnaire) -> None:
    with pytest.raises(ConditionError) as caught:
        compile_for(example, "industy == 'crafts' or employes > 3")
    assert [(i.column, i.hint) for i in caught.value.issues] == [
        (1, "did you mean 'industry'?"),
        (24, "did you mean 'employees'?"),
    ]


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("industry == 'crafts'", {"name": "industry", "op": "==", "value": "crafts"}),
        ("10 <= employees", {"name": "employees", "op": ">=", "value": 10}),
        ("'shop' in sales_channels", {"name": "sales_channels", "op": "contains", "value": "shop"}),
        ("industry in ['crafts', 'retail']", {"name": "industry", "op": "in", "value": ["crafts", "retail"]}),
        ("industry not in ['crafts']", {"all": [{"name": "industry", "op": "answered"},
                                                {"not": {"name": "industry", "op": "in", "value": ["crafts"]}}]}),
        ("not (employees > 5 or industry == 'retail')",
         {"not": {"any": [{"name": "employees", "op": ">", "value": 5},
                          {"name": "industry", "op": "==", "value": "retail"}]}}),
    ],
)
def test_conditions_export_a_tree_for_the_browser(example: Questionnaire, source: str, tree: dict) -> None:
    """The browser's live preview evaluates this tree; it must say what the server evaluates."""
    assert compile_for(example, source).tree == tree
