"""The rise a step promises is what the dimension would really gain: hand-computed cases."""

from __future__ import annotations

from questionnaires import parse_questionnaire
from questionnaires.catalogue import EXAMPLES
from scoring import recommend, score
from scoring.gain import rise
from scoring.result import Contribution, DimensionResult

BEST = {"a": 100.0, "b": 100.0, "c": 100.0}


def _dimension(score: float | None, *rows: tuple[str, float | None, float]) -> DimensionResult:
    contributions = tuple(
        Contribution(qid, "dont_know" if points is None else "scored", "unknown" if points is None else "x", points, weight)
        for qid, points, weight in rows
    )
    return DimensionResult("d", score, None, len(rows), len(rows), contributions)


def test_a_minimum_rises_only_to_the_next_weakest_answer() -> None:
    # minimum of a 0, b 40, c 70 is 0
    dimension = _dimension(0.0, ("a", 0.0, 1.0), ("b", 40.0, 1.0), ("c", 70.0, 1.0))
    assert rise(dimension, "minimum", ["a"], BEST) == 40.0  # min(100, 40, 70) - 0 = 40, not 100
    assert rise(dimension, "minimum", ["b"], BEST) == 0.0  # min(0, 100, 70) - 0 = 0: a still holds it down
    assert rise(dimension, "minimum", ["a", "b"], BEST) == 70.0  # min(100, 100, 70) - 0 = 70


def test_a_weighted_mean_rises_by_the_weighted_share() -> None:
    # (0 x 1 + 50 x 1 + 80 x 2) / 4 = 52.5; a at 100: (100 + 50 + 160) / 4 = 77.5; rise 25
    dimension = _dimension(52.5, ("a", 0.0, 1.0), ("b", 50.0, 1.0), ("c", 80.0, 2.0))
    assert rise(dimension, "weighted_mean", ["a"], BEST) == 25.0


def test_an_excluded_dont_know_that_the_step_settles_counts() -> None:
    # dont_know excluded: a is left out, (50 x 1 + 80 x 2) / 3 = 70.0
    # a answered at its best joins the mean: (100 + 50 + 160) / 4 = 77.5; rise 7.5 (it used to be 0)
    dimension = _dimension(70.0, ("a", None, 1.0), ("b", 50.0, 1.0), ("c", 80.0, 2.0))
    assert rise(dimension, "weighted_mean", ["a"], BEST) == 7.5
    # under minimum: min(50, 80) = 50 now, min(100, 50, 80) = 50 after: no rise
    assert rise(_dimension(50.0, ("a", None, 1.0), ("b", 50.0, 1.0), ("c", 80.0, 2.0)), "minimum", ["a"], BEST) == 0.0


def test_the_best_answer_is_the_question_s_best_not_always_100() -> None:
    # mean of a 20 and b 60 is 40; a's best option scores 80: (80 + 60) / 2 = 70; rise 30
    dimension = _dimension(40.0, ("a", 20.0, 1.0), ("b", 60.0, 1.0))
    assert rise(dimension, "weighted_mean", ["a"], {"a": 80.0}) == 30.0


def test_the_recommended_gain_follows_the_dont_know_rule() -> None:
    """The worked example of docs/scoring.md with `dont_know: excluded` and an action on 'unknown'."""
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    text = text.replace("dont_know: lowest", "dont_know: excluded").replace(
        "when: einvoice == 'cannot_receive'", "when: einvoice in ['cannot_receive', 'unknown']")
    q = parse_questionnaire(text)
    answers = {"einvoice": "unknown", "paper_share": 25}
    result = score(q, answers, {"industry": "crafts"})
    assert result.dimension("processes").score == 75.0  # paper_share 25 is in the band from 10: 75; einvoice left out
    step = next(r for r in recommend(q, result, answers, {"industry": "crafts"}) if r.action.id == "receive_einvoices")
    # einvoice answered at its best (100) joins: (100 + 75) / 2 = 87.5; rise 12.5 x weight 1
    assert step.gain == 12.5
    assert step.trigger == "einvoice"
