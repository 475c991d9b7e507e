"""The centres a business owner is shown: website link, distance and one reason, on the page and in the PDF."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from app.content import content
from questionnaires import ContentError
from scoring import CentreMatch, evaluate
from tests.conftest import migrated
from tests.questionnaires.samples import VALID, broken

from .checkflow import answer_set, complete

CASE = "kmu-check-plumber-76"  # a plumber near Karlsruhe, weakest in customer channels


@pytest.fixture
def app(make_app: Any) -> Flask:
    return migrated(make_app())


def expected_centres(app: Flask) -> list[CentreMatch]:
    case = answer_set(CASE)
    with app.app_context():
        data = content()
        q = data.questionnaires.get("kmu-check")
        assert q is not None
        return list(evaluate(q, case["answers"], case["profile"], data.centres, data.regions).centres)


def test_results_page_links_each_centre_and_says_how_far_and_why(app: Flask) -> None:
    client = app.test_client()
    token = complete(client, CASE)
    page = html.unescape(client.get(f"/a/{token}/results").get_data(as_text=True))
    section = page[page.index('id="centres-heading"'):]
    section = section[: section.index("</section>")]
    centres = expected_centres(app)
    assert len(centres) == 5 and centres[0].serves_state
    for match in centres:
        assert match.centre.name in section
        assert match.reason.de in section
        if match.distance is not None:
            assert f"{match.centre.city} · {match.distance.de}" in section
        if match.centre.website:
            assert f'<a href="{match.centre.website}" rel="noopener noreferrer">{match.centre.website_label}</a>' in section
        if match.centre.note:
            assert match.centre.note not in page
    assert centres[0].reason.de.startswith("Betreut Unternehmen in Baden-Württemberg")
    assert "<li></li>" not in section and not re.search(r'class="reason">\s*<', section)  # never a blank reason

    client.get(f"/language/en?next=/a/{token}/results")
    english = html.unescape(client.get(f"/a/{token}/results").get_data(as_text=True))
    assert "Who can help you" in english
    assert all(m.reason.en and m.reason.en in english for m in centres)
    assert centres[0].distance is not None and centres[0].distance.en in english


def test_report_names_website_distance_and_reason(app: Flask) -> None:
    client = app.test_client()
    token = complete(client, CASE)
    pdf = client.get(f"/a/{token}/report.pdf?language=de").data
    reader = PdfReader(io.BytesIO(pdf))
    words = re.sub(r"\s+", "", "\n".join(page.extract_text() for page in reader.pages))
    for match in expected_centres(app):
        assert re.sub(r"\s+", "", match.reason.de) in words, match.centre.id
        if match.centre.website_label:
            assert match.centre.website_label in words, match.centre.id
        if match.distance is not None:
            assert re.sub(r"\s+", "", match.distance.de) in words
    links = [annot.get_object().get("/A", {}).get("/URI") for page in reader.pages for annot in page.get("/Annots") or []]
    assert any(m.centre.website in links for m in expected_centres(app) if m.centre.website)


def test_a_questionnaire_naming_an_unknown_centre_topic_stops_the_app_at_start(make_app: Any, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    text = broken("    title: {de: Strategie, en: Strategy}\n",
                  "    title: {de: Strategie, en: Strategy}\n    centre_topics: [strategy, stratgy]\n", VALID)
    (tmp_path / "content" / "sample.yaml").write_text(text)
    with pytest.raises(ContentError, match=r"unknown centre topic 'stratgy' \(did you mean 'strategy'\?\)"):
        make_app(DIGICHECK_QUESTIONNAIRES=str(tmp_path / "content"))
