"""Golden files: realistic answer sets and the results a consultant checked by hand.

Regenerate after an intended change with DIGICHECK_UPDATE_GOLDEN=1, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from questionnaires import load_catalogue
from questionnaires.centres import load_centres, load_regions
from scoring import AnswerSet, evaluate

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name.removesuffix(".answers.json") for p in GOLDEN.glob("*.answers.json"))


@pytest.mark.parametrize("case", CASES)
def test_golden_result(case: str) -> None:
    answer_set = AnswerSet.from_mapping(json.loads((GOLDEN / f"{case}.answers.json").read_text()))
    questionnaire = load_catalogue().get(answer_set.questionnaire, answer_set.version)
    assert questionnaire is not None
    result = evaluate(questionnaire, answer_set.answers, answer_set.profile, load_centres(), load_regions()).to_dict()
    expected_file = GOLDEN / f"{case}.result.json"
    if os.environ.get("DIGICHECK_UPDATE_GOLDEN") == "1":
        expected_file.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    assert result == json.loads(expected_file.read_text())


def test_there_are_golden_cases_for_every_shipped_questionnaire() -> None:
    covered = {case.split("-")[0] for case in CASES}
    assert covered >= {q.id for q in load_catalogue().latest()}


def test_golden_levels_are_plausible() -> None:
    """A beginner ends low, a leader high, and the average firm between them."""
    levels = {}
    for case in CASES:
        levels[case] = json.loads((GOLDEN / f"{case}.result.json").read_text())["score"]
    assert levels["example-beginner"] < 20 <= levels["example-average"] < 80 <= levels["example-leader"]
