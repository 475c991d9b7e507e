"""Impressum and privacy notice: filled from the operator's settings, linked everywhere, honest when empty."""

from __future__ import annotations

import io
import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader

from app.extensions import db
from app.legal import OperatorConfigError
from app.privacy import RESERVED_COLUMNS, STORED
from app.report import ReportRequest, report_context, report_pdf
from questionnaires import load_catalogue

from .checkflow import answer_set

OPERATOR = {
    "DIGICHECK_OPERATOR_NAME": "Digitalzentrum Musterstadt e. V.",
    "DIGICHECK_OPERATOR_ADDRESS": "Musterstraße 1\n12345 Musterstadt",
    "DIGICHECK_OPERATOR_EMAIL": "kontakt@digitalzentrum.example",
    "DIGICHECK_OPERATOR_REPRESENTATIVE": "der Vorstand",
    "DIGICHECK_OPERATOR_PRIVACY_OFFICER": "Datenschutz, Musterstraße 1, 12345 Musterstadt, datenschutz@digitalzentrum.example",
}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_without_configuration_a_warning_is_logged_and_the_pages_say_so(make_app: Any,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.legal"):
        app = make_app()
    [record] = [r for r in caplog.records if r.name == "app.legal"]
    assert "DIGICHECK_OPERATOR_NAME" in record.getMessage() and "DIGICHECK_OPERATOR_EMAIL" in record.getMessage()
    client = app.test_client()
    for path in ("/impressum", "/datenschutz"):
        page = client.get(path).get_data(as_text=True)
        assert "Der Betreiber dieser Website hat diese Seite noch nicht eingerichtet." in page


def test_the_operator_set_in_the_environment_appears_and_nothing_is_logged(
        make_app: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    for key, value in OPERATOR.items():
        monkeypatch.setenv(key, value)
    with caplog.at_level(logging.WARNING, logger="app.legal"):
        client = make_app().test_client()
    assert not [r for r in caplog.records if r.name == "app.legal"]
    imprint = client.get("/impressum").get_data(as_text=True)
    assert "Digitalzentrum Musterstadt e. V." in imprint and "Musterstraße 1\n12345 Musterstadt" in imprint
    assert 'href="mailto:kontakt@digitalzentrum.example"' in imprint and "Vertreten durch" in imprint
    assert "noch nicht eingerichtet" not in imprint
    privacy = text(client.get("/datenschutz").get_data(as_text=True))
    assert "Datenschutzbeauftragte" in privacy and "datenschutz@digitalzentrum.example" in privacy


def test_a_settings_file_is_read_and_the_environment_wins(make_app: Any, tmp_path: Path) -> None:
    file = tmp_path / "operator.toml"
    file.write_text('name = "Hub Nord GmbH"\naddress = """\nHafenweg 2\n20457 Hamburg"""\nemail = "info@hub.example"\n'
                    'vat_id = "DE123456789"\n', encoding="utf-8")
    client = make_app(DIGICHECK_OPERATOR_FILE=str(file), DIGICHECK_OPERATOR_EMAIL="hallo@hub.example").test_client()
    imprint = client.get("/impressum").get_data(as_text=True)
    assert "Hub Nord GmbH" in imprint and "20457 Hamburg" in imprint and "DE123456789" in imprint
    assert "hallo@hub.example" in imprint and "info@hub.example" not in imprint


@pytest.mark.parametrize(("content", "message"), [
    ('name = "A"\nadress = "B"\n', "unknown key(s) adress"),
    ("name = 5\n", "name must be text in quotes"),
    ('name = "A\n', "not a valid TOML file"),
])
def test_a_broken_settings_file_stops_the_start_with_a_clear_message(make_app: Any, tmp_path: Path, content: str,
                                                                      message: str) -> None:
    file = tmp_path / "operator.toml"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(OperatorConfigError, match=re.escape(message)):
        make_app(DIGICHECK_OPERATOR_FILE=str(file))


def test_a_misspelt_setting_is_named_in_the_log(make_app: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.legal"):
        make_app(DIGICHECK_OPERATOR_EMIAL="x@example.org")
    assert any("DIGICHECK_OPERATOR_EMIAL" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("path", ["/", "/check/quick-check", "/impressum", "/no-such-page"])
def test_every_page_links_both_in_its_footer(client: Any, path: str) -> None:
    page = client.get(path).get_data(as_text=True)
    footer = page[page.index('<footer'):]
    assert 'href="/impressum">Impressum</a>' in footer and 'href="/datenschutz">Datenschutzerklärung</a>' in footer


def test_the_privacy_notice_lists_what_each_check_asks_how_long_and_how_to_delete(client: Any) -> None:
    page = text(client.get("/datenschutz").get_data(as_text=True))
    for q in load_catalogue().latest():
        for question in q.profile:
            assert text(question.text.de) in page, question.id
    assert "90 Tage nach Ihrem letzten Besuch" in page and "730 Tage nach Ihrem letzten Besuch" in page
    assert "„Meine Antworten löschen“" in page and "SHA-256" in page and "Cookie" in page
    assert "Art. 6 Abs. 1 Buchst. a DSGVO" in page


def test_the_pages_in_english(client: Any) -> None:
    client.get("/language/en")
    imprint = client.get("/impressum").get_data(as_text=True)
    assert "Legal notice" in imprint and "The operator of this website has not configured this page yet." in imprint
    privacy = text(client.get("/datenschutz").get_data(as_text=True))
    assert "90 days after your last visit" in privacy and "What is stored" in privacy


def test_the_privacy_notice_names_every_column_the_database_has(app: Flask) -> None:
    """A feature that adds a column must say on the privacy page what it stores."""
    with app.app_context():
        columns = {f"{table.name}.{column.name}" for table in db.metadata.tables.values() for column in table.columns}
    named = {column for item in STORED for column in item.columns}
    assert columns - named - RESERVED_COLUMNS == set()
    assert named | RESERVED_COLUMNS <= columns, "the privacy notice names a column that does not exist"


@pytest.mark.parametrize(("configured", "case", "page"), [
    (True, "quick-check-average", -1), (False, "quick-check-average", -1),  # the short report: at its end
    (True, "kmu-check-average", 0),  # the full report: on its cover
])
def test_the_report_names_the_publisher_and_links_both_pages(make_app: Any, configured: bool, case: str,
                                                             page: int) -> None:
    app = make_app(**(OPERATOR if configured else {}))
    answers = answer_set(case)
    q = load_catalogue().get(answers["questionnaire"])
    assert q is not None
    with app.test_request_context("/a/token/report.pdf", base_url="https://check.example.org"):
        context = report_context(ReportRequest(questionnaire=q, answers=answers["answers"],
                                               profile=answers["profile"], language="de", completed_on=date(2026, 12, 3)))
        pdf = report_pdf(context)
    last = re.sub(r"\s+", " ", PdfReader(io.BytesIO(pdf)).pages[page].extract_text())
    assert "Impressum: https://check.example.org/impressum" in last
    assert "Datenschutzerklärung: https://check.example.org/datenschutz" in last
    if configured:
        assert "Herausgegeben von Digitalzentrum Musterstadt e. V., Musterstraße 1, 12345 Musterstadt" in last
    else:
        assert "hat Impressum und Datenschutzerklärung nicht eingerichtet" in last
