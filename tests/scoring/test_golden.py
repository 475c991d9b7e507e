"""Golden files: realistic answer sets and the results a consultant checked by hand.

Regenerate after an intended change with DIGICHECK_UPDATE_GOLDEN=1, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from questionnaires import load_catalogue
from questionnaires.catalogue import EXAMPLES, SHIPPED, questionnaire_files
from questionnaires.centres import load_centres, load_regions
from scoring import AnswerSet, evaluate

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name.removesuffix(".answers.json") for p in GOLDEN.glob("*.answers.json"))


@pytest.mark.parametrize("case", CASES)
def test_golden_result(case: str) -> None:
    answer_set = AnswerSet.from_mapping(json.loads((GOLDEN / f"{case}.answers.json").read_text()))
    offered = load_catalogue([*questionnaire_files(SHIPPED), EXAMPLES / "example.yaml"])
    questionnaire = offered.get(answer_set.questionnaire, answer_set.version)
    assert questionnaire is not None
    result = evaluate(questionnaire, answer_set.answers, answer_set.profile, load_centres(), load_regions()).to_dict()
    expected_file = GOLDEN / f"{case}.result.json"
    if os.environ.get("DIGICHECK_UPDATE_GOLDEN") == "1":
        expected_file.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    assert result == json.loads(expected_file.read_text())


def test_there_are_golden_cases_for_every_shipped_questionnaire() -> None:
    covered = {json.loads((GOLDEN / f"{case}.answers.json").read_text())["questionnaire"] for case in CASES}
    assert covered >= {q.id for q in load_catalogue().latest()}


def test_golden_levels_are_plausible() -> None:
    """A beginner ends low, a leader high, and the average firm between them."""
    levels = {}
    for case in CASES:
        levels[case] = json.loads((GOLDEN / f"{case}.result.json").read_text())["score"]
    assert levels["example-beginner"] < 20 <= levels["example-average"] < 80 <= levels["example-leader"]


def outcome(case: str) -> dict:  # type: ignore[type-arg]
    return json.loads((GOLDEN / f"{case}.result.json").read_text())


def centre_ids(case: str, top: int = 5) -> list[str]:
    return [c["id"] for c in outcome(case)["centres"][:top]]


def action_ids(case: str) -> list[str]:
    return [a["id"] for a in outcome(case)["actions"]]


@pytest.mark.parametrize("questionnaire", ["kmu-check", "quick-check", "quick-check-v1"])
def test_beginner_average_leader_are_ordered(questionnaire: str) -> None:
    scores = [outcome(f"{questionnaire}-{case}")["score"] for case in ("beginner", "average", "leader")]
    assert scores[0] < 20 <= scores[1] < 80 <= scores[2]
    assert outcome(f"{questionnaire}-leader")["level_id"] == "leader"


def test_plumber_near_karlsruhe_weak_in_customer_channels() -> None:
    """A crafts firm in postcode region 76: the centres serving Baden-Württemberg near Karlsruhe, then the crafts centre."""
    result = outcome("kmu-check-plumber-76")
    weakest = min(result["dimensions"], key=lambda d: d["score"])
    assert weakest["dimension_id"] == "customers"
    top = centre_ids("kmu-check-plumber-76")
    assert top[:2] == ["edih_aics", "bwhub_hubwerk01_bruchsal"] and "mdz_handwerk" in top
    assert action_ids("kmu-check-plumber-76")[:2] == ["create_web_presence", "offer_online_booking"]
    bruchsal = result["centres"][1]
    assert bruchsal["serves_state"] and bruchsal["distance_km"] == 19
    assert bruchsal["reason"]["en"].startswith("Serves companies in Baden-Württemberg")


def test_manufacturer_in_saxony_weak_in_data() -> None:
    top = centre_ids("kmu-check-manufacturer-saxony", 3)
    assert top[0] == "mdz_chemnitz"
    assert {"mdz_leipzig_halle", "edih_saxony"} <= set(top)
    assert "mdz_handwerk" not in centre_ids("kmu-check-manufacturer-saxony")  # not a crafts business


def test_logistics_firm_in_hamburg() -> None:
    assert "dehub_hamburg" in centre_ids("kmu-check-logistics-hamburg", 3)
    assert not any(c.startswith("bw_") for c in centre_ids("kmu-check-logistics-hamburg"))  # BW hubs serve BW only


def test_beginner_gets_the_basics_first() -> None:
    actions = action_ids("kmu-check-beginner")
    assert "enable_mfa" in actions
    assert any("backup" in a for a in actions)
