"""Which next steps a company sees, in which order, and why."""

from __future__ import annotations

from questionnaires import Questionnaire, parse_questionnaire
from questionnaires.catalogue import EXAMPLES
from scoring import recommend, score

BEGINNER = {
    "strategy_plan": "none", "leadership_time": 1, "website": "none", "online_booking": "no",
    "sales_channels": ["no_channel"], "einvoice": "cannot_receive", "paper_share": 80,
    "backups": "irregular", "mfa": "no",
}
CRAFTS = {"industry": "crafts", "employees": 4}


def test_key_gaps_come_first_with_the_answer_as_reason(example: Questionnaire) -> None:
    result = score(example, BEGINNER, CRAFTS)
    ranked = recommend(example, result, BEGINNER, CRAFTS)
    assert [r.action.id for r in ranked] == ["enable_mfa", "start_backups", "receive_einvoices", "improve_website", "write_plan"]
    assert ranked[0].reason.de.startswith("Wegen Ihrer Antwort auf „Ist für E-Mail")
    assert ranked[0].gain > ranked[-1].gain


def test_level_actions_say_how_far_the_next_level_is(example: Questionnaire) -> None:
    result = score(example, BEGINNER, CRAFTS)
    website = next(r for r in recommend(example, result, BEGINNER, CRAFTS) if r.action.id == "improve_website")
    assert website.gain == 20.0  # customers scores 0; the next level starts at 20
    assert website.reason.get("en") == "Customers and sales: 0.0 of 100, 20 points below the level “Explorer”"


def test_nothing_to_recommend_for_a_leader(example: Questionnaire) -> None:
    answers = {"strategy_plan": "budgeted", "leadership_time": 5, "website": "interactive",
               "sales_channels": ["shop", "marketplace", "social"], "einvoice": "send_receive", "paper_share": 5,
               "backups": "automatic_tested", "mfa": "yes"}
    result = score(example, answers, {"industry": "retail"})
    assert recommend(example, result, answers, {"industry": "retail"}) == []


def test_answers_to_hidden_questions_trigger_nothing() -> None:
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    text += """  - id: offer_booking
    dimension: customers
    when: online_booking == 'no'
    effort: low
    impact: high
    title: {de: Online-Termine anbieten, en: Offer online booking}
    text: {de: Ein Buchungskalender spart Telefonate., en: A booking calendar saves phone calls.}
"""
    q = parse_questionnaire(text)
    answers = {"online_booking": "no", "website": "current"}
    for industry, expected in (("crafts", True), ("retail", False)):
        result = score(q, answers, {"industry": industry})
        ids = [r.action.id for r in recommend(q, result, answers, {"industry": industry}, limit=10)]
        assert ("offer_booking" in ids) is expected, industry


def test_at_most_two_actions_per_dimension(example: Questionnaire) -> None:
    result = score(example, BEGINNER, CRAFTS)
    ranked = recommend(example, result, BEGINNER, CRAFTS, limit=10)
    dimensions = [r.action.dimension for r in ranked]
    assert all(dimensions.count(d) <= 2 for d in dimensions)
