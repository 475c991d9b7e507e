"""The team's picture: disagreement as the middle half of the points, "don't know" apart, nothing below three answers."""

from __future__ import annotations

from questionnaires import Questionnaire
from scoring import score
from scoring.team import team_view


def test_a_split_team_comes_first_and_dont_know_is_no_zero(example: Questionnaire) -> None:
    first, second = example.question_index["strategy_plan"], example.question_index["einvoice"]  # both allow "don't know"
    options = [o.id for o in getattr(first, "options", ())]
    agreed = [o.id for o in getattr(second, "options", ())][0]
    people = [{first.id: options[0], second.id: agreed}, {first.id: options[-1], second.id: agreed},
              {first.id: options[0], second.id: agreed}, {first.id: options[-1], second.id: "unknown"}]
    view = team_view([score(example, answers, {}) for answers in people])
    assert view.participants == 4
    top = view.questions[0]
    assert top.question_id == first.id and top.disagreement and top.disagreement > 0
    together = next(s for s in view.questions if s.question_id == second.id)
    assert together.disagreement == 0 and together.scored == 3 and together.dont_know == 1
    assert together.answers[agreed] == 3


def test_below_three_answers_nothing_is_shown(example: Questionnaire) -> None:
    first = example.questions[0]
    option = [o.id for o in getattr(first, "options", ())][0]
    view = team_view([score(example, {first.id: option}, {}) for _ in range(2)])
    spread = next(s for s in view.questions if s.question_id == first.id)
    assert not spread.shown and spread.disagreement is None
