"""The consent page and the PDF say what is true of the questionnaire at hand, nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from questionnaires import parse_questionnaire
from questionnaires.catalogue import EXAMPLES
from tests.conftest import migrated
from tests.questionnaires.samples import problems_in, broken, VALID

from .checkflow import answer_set
from .test_report import flat, text_of

EXAMPLE = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")


def consent_text(app: Flask, questionnaire_id: str, language: str = "de") -> str:
    client = app.test_client()
    if language == "en":
        client.get("/language/en")
    response = client.get(f"/check/{questionnaire_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return page.split('id="consent-heading"', 1)[1].split("</ul>", 1)[0]


def test_consent_lists_the_profile_the_full_check_asks(app: Flask) -> None:
    text = consent_text(app, "kmu-check", "en")
    assert ("short company profile: industry, whether your business is a registered crafts business, size class, "
            "federal state, the first two digits of your postcode, and your role in the business.") in text
    german = consent_text(app, "kmu-check")
    assert "Branche, ob Ihr Betrieb ein eingetragener Handwerksbetrieb ist, Größenklasse" in german


def test_consent_promises_nothing_the_quick_check_does_not_ask(app: Flask) -> None:
    text = consent_text(app, "quick-check", "en")
    assert ("industry, whether your business is a registered crafts business, size class, federal state, and the "
            "first two digits of your postcode.") in text
    assert "role" not in text


def test_consent_for_another_questionnaire_names_its_own_questions(make_app: Any, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "example.yaml").write_text(EXAMPLE)
    no_profile = "id: sample\n" + VALID.split("profile:", 1)[0].split("\n", 1)[1] + "dimensions:" + VALID.split(
        "dimensions:", 1)[1].replace("        show_if: industry == 'crafts'\n", "")
    (tmp_path / "content" / "sample.yaml").write_text(no_profile)
    app = make_app(DIGICHECK_QUESTIONNAIRES=str(tmp_path / "content"))
    text = consent_text(app, "example", "en")
    assert "industry and your answer to “How many people work in your business?”." in text
    assert "postcode" not in text and "federal state" not in text and "size class" not in text
    bare = consent_text(app, "sample", "en")
    assert "Your answers, and nothing about your company beyond them." in bare and "profile" not in bare


def test_based_on_is_validated() -> None:
    [problem] = problems_in(broken("estimated_minutes: 3", "estimated_minutes: 3\nbased_on: eu-dma"))
    assert (problem.path, problem.message, problem.hint) == ("based_on", "'eu-dma' is not allowed here",
                                                             "did you mean 'eu_dma'?")


@pytest.fixture
def report_app(make_app: Any) -> Flask:
    return migrated(make_app())


@pytest.mark.parametrize("declared", [True, False])
def test_the_report_names_the_dma_only_for_a_questionnaire_that_declares_it(report_app: Flask, declared: bool) -> None:
    from datetime import date

    from app.report import ReportRequest, report_context, report_pdf

    text = EXAMPLE.replace("estimated_minutes: 5\n", "estimated_minutes: 5\nbased_on: eu_dma\n") if declared else EXAMPLE
    q = parse_questionnaire(text)
    answers = answer_set("example-average")
    with report_app.test_request_context():
        context = report_context(ReportRequest(questionnaire=q, answers=answers["answers"], profile=answers["profile"],
                                               language="en", completed_on=date(2026, 12, 3)))
        words = flat(text_of(report_pdf(context))[1])
    assert (flat("Digital Maturity Assessment") in words) is declared
    if not declared:
        assert flat("are those of the questionnaire “Mini digitalisation check (example)”, version 1.") in words
    assert flat("digicheck is open-source software.") in words


def test_shipped_versions_declare_what_they_follow() -> None:
    """v1 files cannot change and declare nothing, so their reports make no claim; version 2 declares the DMA."""
    from questionnaires import load_catalogue

    catalogue = load_catalogue()
    assert catalogue.get("kmu-check", "1").based_on is None  # type: ignore[union-attr]
    assert catalogue.get("kmu-check", "2").based_on == "eu_dma"  # type: ignore[union-attr]
