"""A Quick-Check report fits in five pages; the full report keeps a section per area; headers fit one line."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from app.check.peers import PeerGroup
from app.report import ReportRequest, report_context, report_pdf
from questionnaires import load_catalogue
from scoring import score
from scoring.aggregate import Quartiles

from .checkflow import answer_set

QUICK_CASES = ["quick-check-beginner", "quick-check-average", "quick-check-leader", "quick-check-plumber-76"]


def render(app: Flask, case: str, language: str, override: dict[str, Any] | None = None,
           **comparisons: Any) -> tuple[PdfReader, dict[str, Any]]:
    answers = answer_set(case)
    q = load_catalogue().get(answers["questionnaire"], answers["version"])
    assert q is not None
    with app.app_context():
        context = report_context(ReportRequest(questionnaire=q, answers=answers["answers"], profile=answers["profile"],
                                               language=language, completed_on=date(2026, 12, 3), **comparisons))
        context.update(override or {})
        return PdfReader(io.BytesIO(report_pdf(context))), context


def words(reader: PdfReader) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("case", QUICK_CASES)
def test_a_quick_check_report_has_at_most_five_pages_and_every_answer(app: Flask, case: str, language: str) -> None:
    reader, context = render(app, case, language)
    assert context["short"] is True
    assert len(reader.pages) <= 5
    text = words(reader)
    for dimension in context["dimensions"]:
        assert re.sub(r"\s+", "", dimension["title"]) in text
        for row in dimension["questions"]:
            assert re.sub(r"\s+", "", row["answer"]) in text, row
    closing = "digicheck ist Open-Source-Software." if language == "de" else "digicheck is open-source software."
    assert re.sub(r"\s+", "", closing) in text


def test_comparisons_keep_the_quick_check_report_within_five_pages(app: Flask) -> None:
    q = load_catalogue().get("quick-check")
    assert q is not None
    before = answer_set("quick-check-beginner")
    previous = score(q, before["answers"], before["profile"])
    peers = PeerGroup(23, {d.id: Quartiles(23, 35.25, 47.5, 61.0) for d in q.dimensions})
    reader, _context = render(app, "quick-check-plumber-76", "de", previous=previous, peers=peers)
    assert len(reader.pages) <= 5
    summary = re.sub(r"\s+", "", reader.pages[0].extract_text() + reader.pages[1].extract_text())
    assert "BEREICHPUNKTESTUFEVORHERVERGLEICHBAREBETRIEBE" in summary.upper()


def test_the_full_check_keeps_a_cover_page_and_a_section_per_area(app: Flask) -> None:
    reader, context = render(app, "kmu-check-plumber-76", "de")
    assert context["short"] is False
    assert len(reader.pages) > 5
    cover = reader.pages[0].extract_text()
    assert "Zusammenfassung" not in cover and "Zusammenfassung" in reader.pages[1].extract_text()
    assert words(reader).count("IhreAntworten") == len(context["dimensions"])


def test_a_long_title_stays_on_one_header_line(app: Flask) -> None:
    title = ("Digitalisierungs-Check für kleine und mittlere Unternehmen des Handwerks, des Handels und der "
             "Industrie in Sachsen-Anhalt und Thüringen")
    reader, _context = render(app, "kmu-check-plumber-76", "de", override={"title": title})
    [header] = [line for line in reader.pages[2].extract_text().splitlines() if "Digitalisierungs-Check" in line]
    assert header.startswith("Digitalisierungs-Check für kleine") and "…" in header and "Thüringen" not in header
