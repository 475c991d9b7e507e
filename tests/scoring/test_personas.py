"""Realistic firms and the next steps a Mittelstand-Digital consultant would give them.

Each persona in personas/ is an answers file plus `<name>.expected.yaml`: the staff count
and the five steps a consultant expects, each with a one-line reason. The ranking must put
every expected step in the firm's top five (legal duties in the top three), and must never
show a step whose premise the answers contradict.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires import Questionnaire, load_catalogue
from scoring import AnswerSet, recommend, score, visible_values

from .test_properties import answers_for, value_for

PERSONAS = Path(__file__).parent / "personas"
NAMES = sorted(p.name.removesuffix(".answers.json") for p in PERSONAS.glob("*.answers.json"))
SIZE_CLASSES = {"micro": range(1, 10), "small": range(10, 50), "medium": range(50, 250)}


def _ticked(question: str, *options: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda answers: set(options) <= set(answers.get(question) or ())


def _one_of(question: str, *options: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda answers: answers.get(question) in options


# A step is pointless (and its advice wrong) when the firm already has what it asks for.
CONTRADICTED_BY: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "start_backups": _one_of("backups", "automatic", "automatic_offsite", "tested"),
    "test_restore": _one_of("backups", "tested", "none"),
    "enable_mfa": _one_of("mfa", "yes"),
    "updates_routine": _one_of("updates", "automatic", "managed"),
    "it_emergency_plan": _one_of("emergency_plan", "tested_plan"),
    "phishing_training": _one_of("security_awareness", "yearly", "regular"),
    "receive_einvoices": _one_of("einvoice_receive", "automatic", "view_only"),
    "send_einvoices": _one_of("einvoice_send", "all_b2b", "na"),
    "introduce_business_software": _one_of("business_software", "industry_software", "integrated"),
    "create_web_presence": _one_of("web_presence", "current_site", "interactive_site"),
    "offer_online_booking": _one_of("online_booking", "yes", "na"),
    "name_digital_lead": _one_of("digital_responsible", "named_person", "team"),
    "set_ai_rules": _one_of("ai_rules", "yes"),
    "measure_energy": _one_of("energy_monitoring", "digital_meters", "managed"),
    "plan_staff_training": _one_of("training", "planned", "continuous"),
    "customers_maintain_business_listing": _one_of("online_reviews", "yes"),
    "customers_sell_online": _ticked("online_sales", "own_shop"),
    "customers_central_customer_database": _one_of("customer_data", "central", "connected"),
    "processes_file_documents_digitally": _one_of("document_filing", "structured", "dms"),
    "processes_digital_inventory": _one_of("inventory", "software", "automated", "na"),
    "processes_plan_routes_and_resources": _one_of("route_planning", "planning_software", "mobile_realtime", "na"),
    "processes_mobile_job_sheets": _one_of("mobile_work", "full_access"),
    "security_organise_data_protection": _ticked("gdpr_basics", "privacy_notice", "records", "processor_contracts"),
    "security_check_nis2": _one_of("nis2_check", "affected_working", "affected_done", "not_affected"),
    "technology_connect_machines": _one_of("machines_iot", "networked", "used_live", "na"),
    "technology_move_to_cloud": _one_of("cloud_use", "core", "cloud_first"),
}


@pytest.fixture(scope="module")
def kmu_check() -> Questionnaire:
    questionnaire = load_catalogue().get("kmu-check", "2")
    assert questionnaire is not None
    return questionnaire


def _persona(name: str) -> tuple[AnswerSet, dict[str, Any]]:
    answer_set = AnswerSet.from_mapping(json.loads((PERSONAS / f"{name}.answers.json").read_text(encoding="utf-8")))
    expected = yaml.safe_load((PERSONAS / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    return answer_set, expected


def _ranked(q: Questionnaire, answer_set: AnswerSet, limit: int = 5) -> list[str]:
    result = score(q, answer_set.answers, answer_set.profile)
    return [r.action.id for r in recommend(q, result, answer_set.answers, answer_set.profile, limit=limit)]


def test_the_personas_cover_the_range_the_issue_asks_for() -> None:
    profiles = [_persona(name)[0].profile for name in NAMES]
    staff = [_persona(name)[1]["staff"] for name in NAMES]
    assert len(NAMES) >= 8
    assert {"construction", "trade", "manufacturing", "professional", "health_social", "logistics"} <= {
        p["industry"] for p in profiles}
    assert min(staff) == 3 and max(staff) == 240
    assert len({p["state"] for p in profiles}) >= 4
    for name, profile, count in zip(NAMES, profiles, staff):
        assert count in SIZE_CLASSES[profile["size"]], name


@pytest.mark.parametrize("name", NAMES)
def test_a_consultant_s_steps_are_in_the_top_five(kmu_check: Questionnaire, name: str) -> None:
    answer_set, expected = _persona(name)
    top = _ranked(kmu_check, answer_set)
    wanted = [entry["step"] for entry in expected["top_five"]]
    assert all(entry["reason"] for entry in expected["top_five"])
    assert sorted(wanted) == sorted(top), f"{name}: expected {wanted}, ranked {top}"
    legal = [entry["step"] for entry in expected["top_five"] if entry.get("legal")]
    assert set(legal) <= set(top[:3]), f"{name}: legal duties {legal} not in the top three of {top}"


@pytest.mark.parametrize("name", NAMES)
def test_no_step_whose_premise_the_answers_contradict(kmu_check: Questionnaire, name: str) -> None:
    answer_set, _ = _persona(name)
    every = _ranked(kmu_check, answer_set, limit=len(kmu_check.actions))
    wrong = [step for step in every if step in CONTRADICTED_BY and CONTRADICTED_BY[step](answer_set.answers)]
    assert wrong == [], f"{name} is told to do what it already does: {wrong}"


def _words(title: str) -> set[str]:
    stop = {"a", "an", "the", "and", "or", "of", "for", "to", "your", "in", "on", "with", "up", "one", "all"}
    return {w for w in re.findall(r"[a-z0-9-]+", title.lower()) if w not in stop}


def test_no_two_steps_of_the_current_kmu_check_say_the_same(kmu_check: Questionnaire) -> None:
    titles = [(a.id, a.title.get("en")) for a in kmu_check.actions]
    twins = []
    for i, (first, one) in enumerate(titles):
        for second, other in titles[i + 1:]:
            shared = _words(one) & _words(other)
            overlap = len(shared) / min(len(_words(one)), len(_words(other)))
            if difflib.SequenceMatcher(None, one.lower(), other.lower()).ratio() > 0.7 or overlap >= 0.75:
                twins.append((first, second))
    assert twins == []


@pytest.mark.parametrize("name", NAMES)
def test_a_firm_never_sees_two_steps_with_the_same_purpose(kmu_check: Questionnaire, name: str) -> None:
    answer_set, _ = _persona(name)
    every = _ranked(kmu_check, answer_set, limit=len(kmu_check.actions))
    titles = [kmu_check_action.title.get("en") for kmu_check_action in kmu_check.actions if kmu_check_action.id in every]
    for i, one in enumerate(titles):
        for other in titles[i + 1:]:
            assert difflib.SequenceMatcher(None, one.lower(), other.lower()).ratio() <= 0.7, (one, other)


KMU = load_catalogue().get("kmu-check", "2")
assert KMU is not None


@settings(max_examples=150, deadline=None)
@given(st.tuples(answers_for(KMU), st.fixed_dictionaries(
    {}, optional={q.id: value_for(q) for q in KMU.profile if q.type != "text"})))
def test_no_firm_is_told_to_do_what_it_already_does(assessment: tuple[dict[str, Any], dict[str, Any]]) -> None:
    answers, profile = assessment
    result = score(KMU, answers, profile)
    every = recommend(KMU, result, answers, profile, limit=len(KMU.actions))
    values = visible_values(KMU, answers, profile)
    wrong = [r.action.id for r in every if r.action.id in CONTRADICTED_BY and CONTRADICTED_BY[r.action.id](values)]
    assert wrong == []
    kinds = [r.kind for r in every]
    assert kinds == sorted(kinds, key=("legal", "core", "quick_win", "general").index)
    assert all(r.gain >= 0 for r in every)
