"""How answers become scores: each rule a business owner or consultant would notice."""

from __future__ import annotations

import pytest

from questionnaires import Questionnaire, parse_questionnaire
from questionnaires.catalogue import EXAMPLES
from scoring import InvalidAnswer, score

CRAFTS = {"industry": "crafts", "employees": 6}


def dimension_score(result, dimension_id: str) -> float | None:  # type: ignore[no-untyped-def]
    return result.dimension(dimension_id).score


def variant(old: str, new: str) -> Questionnaire:
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    assert old in text
    return parse_questionnaire(text.replace(old, new, 1))


def test_single_choice_and_scale_average_within_a_dimension(example: Questionnaire) -> None:
    result = score(example, {"strategy_plan": "written", "leadership_time": 3}, CRAFTS)
    assert dimension_score(result, "strategy") == round((67 + 60) / 2, 1)
    assert result.dimension("strategy").level_id == "advanced"


def test_does_not_apply_is_left_out_of_the_average(example: Questionnaire) -> None:
    answers = {"website": "basic", "online_booking": "na", "sales_channels": ["shop", "social"]}
    result = score(example, answers, CRAFTS)
    assert dimension_score(result, "customers") == (40 + 60) / 2
    assert result.dimension("customers").answered == 3


def test_dont_know_counts_as_the_lowest_answer_by_default(example: Questionnaire) -> None:
    result = score(example, {"backups": "unknown", "mfa": "yes"}, CRAFTS)
    assert dimension_score(result, "security") == 0
    [backups, _, ] = result.dimension("security").contributions
    assert (backups.status, backups.score) == ("dont_know", 0)


def test_dont_know_on_a_multiple_choice_is_worth_no_more_than_ticking_nothing() -> None:
    q = variant("sales_channels\n        type: multiple", "sales_channels\n        type: multiple\n        allow_unknown: true")
    unknown = score(q, {"sales_channels": "unknown"}, {"industry": "retail"}).dimension("customers").score
    nothing = score(q, {"sales_channels": []}, {"industry": "retail"}).dimension("customers").score
    assert unknown == nothing == 0


def test_dont_know_can_be_declared_excluded() -> None:
    q = variant("dont_know: lowest", "dont_know: excluded")
    result = score(q, {"backups": "unknown", "mfa": "yes"}, CRAFTS)
    assert dimension_score(result, "security") == 100
    assert result.dimension("security").answered == 2


def test_hidden_questions_are_not_asked_and_their_answers_dropped(example: Questionnaire) -> None:
    answers = {"website": "current", "online_booking": "no", "sales_channels": ["email"]}
    retail = score(example, answers, {"industry": "retail"})
    crafts = score(example, answers, {"industry": "crafts"})
    assert dimension_score(retail, "customers") == (70 + 10) / 2
    assert [c.question_id for c in retail.dimension("customers").contributions] == ["website", "sales_channels"]
    assert retail.dimension("customers").asked == 2
    assert dimension_score(crafts, "customers") == round((70 + 0 + 10) / 3, 1)


def test_multiple_choice_adds_up_and_is_capped_at_100() -> None:
    q = variant("{id: shop, score: 40", "{id: shop, score: 80")
    result = score(q, {"sales_channels": ["shop", "marketplace", "social"]}, {"industry": "retail"})
    assert result.dimension("customers").contributions[-1].score == 100


def test_exclusive_option_cannot_be_combined(example: Questionnaire) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        score(example, {"sales_channels": ["no_channel", "shop"]})
    assert caught.value.question_id == "sales_channels"
    assert score(example, {"sales_channels": ["no_channel"]}).dimension("customers").score == 0


@pytest.mark.parametrize(("share", "points"), [(0, 100), (9.9, 100), (10, 75), (45, 50), (60, 25), (95, 0), (100, 0)])
def test_numbers_are_scored_by_bands(example: Questionnaire, share: float, points: float) -> None:
    result = score(example, {"paper_share": share})
    assert result.dimension("processes").score == points


def test_weakest_answer_sets_a_minimum_dimension(example: Questionnaire) -> None:
    result = score(example, {"backups": "automatic_tested", "mfa": "partly"})
    assert dimension_score(result, "security") == 50


def test_overall_index_weights_dimensions(example: Questionnaire) -> None:
    answers = {"strategy_plan": "budgeted", "leadership_time": 5, "backups": "none", "mfa": "no"}
    result = score(example, answers)
    # strategy 100 (weight 1), security 0 (weight 1.5); unanswered dimensions do not count
    assert result.score == 40.0
    assert result.level_id == "practitioner"
    assert dimension_score(result, "customers") is None


def test_coverage_counts_answered_visible_questions(example: Questionnaire) -> None:
    result = score(example, {"website": "basic"}, {"industry": "manufacturing"})
    customers = result.dimension("customers")
    assert (customers.answered, customers.asked) == (1, 2)
    assert customers.coverage == 0.5
    assert customers.contributions[1].status == "unanswered"


def test_nothing_answered_gives_no_score_rather_than_zero(example: Questionnaire) -> None:
    result = score(example, {})
    assert result.score is None and result.level_id is None
    assert all(d.score is None for d in result.dimensions)


def test_free_text_is_kept_out_of_the_score(example: Questionnaire) -> None:
    with_text = score(example, {"backups": "automatic", "mfa": "yes", "security_notes": "Phishing 2024"})
    without = score(example, {"backups": "automatic", "mfa": "yes"})
    assert with_text == without


def test_result_records_which_questionnaire_text_was_used(example: Questionnaire) -> None:
    result = score(example, {})
    assert (result.questionnaire_id, result.version, result.content_hash) == ("example", "1", example.content_hash)


@pytest.mark.parametrize(
    ("answers", "profile", "question", "words"),
    [
        ({"webseite": "basic"}, {}, "webseite", "not a question"),
        ({"industry": "crafts"}, {}, "industry", "profile question"),
        ({"website": "fancy"}, {}, "website", "unknown option"),
        ({"website": ["basic"]}, {}, "website", "unknown option"),
        ({"website": "na"}, {}, "website", "'does not apply' is not offered"),
        ({"mfa": "unknown"}, {}, "mfa", "'don't know' is not offered"),
        ({"leadership_time": 2.5}, {}, "leadership_time", "whole number"),
        ({"leadership_time": 6}, {}, "leadership_time", "outside"),
        ({"leadership_time": True}, {}, "leadership_time", "expected a number"),
        ({"leadership_time": "3"}, {}, "leadership_time", "expected a number"),
        ({"paper_share": -1}, {}, "paper_share", "outside"),
        ({"paper_share": float("nan")}, {}, "paper_share", "expected a number"),
        ({"sales_channels": "shop"}, {}, "sales_channels", "list of option ids"),
        ({"sales_channels": ["shop", "shop"]}, {}, "sales_channels", "listed twice"),
        ({"security_notes": "x" * 501}, {}, "security_notes", "longer than 500"),
        ({}, {"industry": "bakery"}, "industry", "unknown option"),
        ({}, {"size": "small"}, "size", "not a profile question"),
        ({}, {"employees": 2.5}, "employees", "whole number"),
    ],
)
def test_invalid_answers_name_the_question(
    example: Questionnaire, answers: dict, profile: dict, question: str, words: str
) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        score(example, answers, profile)
    assert caught.value.question_id == question
    assert words in str(caught.value)


def test_text_answers_follow_their_pattern() -> None:
    from questionnaires import load_catalogue

    kmu = load_catalogue().get("kmu-check")
    assert kmu is not None
    assert score(kmu, {}, {"postcode_region": "76"}).score is None
    assert score(kmu, {}, {"postcode_region": ""}).score is None  # optional: empty is fine
    for bad, words in (("7", "expected form"), ("ab", "expected form"), ("760", "longer than 2")):
        with pytest.raises(InvalidAnswer, match=words):
            score(kmu, {}, {"postcode_region": bad})
