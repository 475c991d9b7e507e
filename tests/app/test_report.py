"""The PDF report: downloaded from the private link or made by `digicheck report`, in German and English."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app import report as report_module
from app.check.peers import PeerGroup
from app.extensions import db
from app.models import Report
from questionnaires import load_catalogue
from questionnaires.centres import load_centres, load_regions
from reports import pdf as pdf_module
from scoring import evaluate
from scoring.aggregate import Quartiles
from tests.conftest import migrated

from .checkflow import GOLDEN, answer_set, complete, form_data, start

CASE = "kmu-check-v2-average"


@pytest.fixture
def report_app(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(**database_config))


@pytest.fixture
def sqlite_app(make_app: Any) -> Flask:
    return migrated(make_app())


def text_of(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Extracted text breaks lines where the layout did, and kerning splits words ("T abellen"):
    compare without any white space."""
    return re.sub(r"\s+", "", text)


def report_count(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(Report)).scalar_one()


@pytest.mark.parametrize("language", ["de", "en"])
def test_downloaded_report_says_what_the_results_page_says(sqlite_app: Flask, language: str) -> None:
    client = sqlite_app.test_client()
    token = complete(client, CASE)
    response = client.get(f"/a/{token}/report.pdf?language={language}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    stem = "digitalisierungs-check" if language == "de" else "digitalisation-check"
    assert re.fullmatch(rf'attachment; filename="{stem}-\d{{4}}-\d{{2}}-\d{{2}}\.pdf"',
                        response.headers["Content-Disposition"])
    assert "no-store" in response.headers["Cache-Control"]

    reader, text = text_of(response.data)
    words = flat(text)
    assert 8 <= len(reader.pages) <= 20
    q = load_catalogue().get("kmu-check")
    assert q is not None
    golden = json.loads((GOLDEN / f"{CASE}.result.json").read_text())
    assert reader.metadata is not None and q.title.get(language) in (reader.metadata.title or "")
    assert reader.trailer["/Root"]["/Lang"] == language
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is tagged"
    for dimension in golden["dimensions"]:
        assert flat(q.dimension_index[dimension["dimension_id"]].title.get(language)) in words
        assert q.level_index[dimension["level_id"]].title.get(language) in words
    for action in golden["actions"]:
        title = next(a.title.get(language) for a in q.actions if a.id == action["id"])
        assert flat(title) in words, title
    case = answer_set(CASE)  # the check as taken now: the current version, with its own centre topics
    centres = evaluate(q, case["answers"], case["profile"], load_centres(), load_regions()).centres
    for match in centres:
        assert flat(match.centre.name) in words
    # answers as given, in words
    answers = answer_set(CASE)["answers"]
    crm = q.question_index["customer_data"]
    chosen = next(o.text.get(language) for o in crm.options if o.id == answers["customer_data"])
    assert flat(chosen) in words
    page_two = flat(reader.pages[1].extract_text())
    pages = len(reader.pages)
    assert flat(f"Seite 2 von {pages}" if language == "de" else f"Page 2 of {pages}") in page_two
    overall = f"{golden['score']:.1f}".replace(".", "," if language == "de" else ".")
    assert overall in page_two
    method = "Wie die Ergebnisse entstehen" if language == "de" else "How the results come about"
    last_centre = flat(centres[-1].centre.name)
    assert words.index(flat(method)) > words.index(last_centre), "the method comes after the centres"
    closing = "digicheck ist Open-Source-Software." if language == "de" else "digicheck is open-source software."
    assert flat(closing) in flat(reader.pages[-1].extract_text()), "the method's closing note ends the report"


def test_the_radar_is_drawn_as_vector_paths(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    token = complete(client, CASE)
    reader = PdfReader(io.BytesIO(client.get(f"/a/{token}/report.pdf").data))
    summary = reader.pages[1]
    streams = [summary.get_contents().get_data()]
    images = 0
    for xobject in (summary["/Resources"].get("/XObject") or {}).values():
        obj = xobject.get_object()
        if obj["/Subtype"] == "/Image":
            images += 1
        else:
            streams.append(obj.get_data())
    content = b"\n".join(streams)
    assert images == 0, "the chart must not be a picture"
    line_segments = len(re.findall(rb"\sl\s", content))
    # the table under the chart draws ~40 rules; the radar's 5 rings x 9 sides, 9 axes and polygon the rest
    assert line_segments > 90, "the radar's grid, axes and polygon are line paths"
    assert flat("Strategie und Führung") in flat(summary.extract_text())


def test_repeated_downloads_come_from_the_store(sqlite_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = sqlite_app.test_client()
    token = complete(client, CASE)
    rendered: list[str] = []
    real = report_module.render_pdf

    def counting(context: Any, catalogue: Any, **kwargs: Any) -> bytes:
        rendered.append(context["language"])
        return real(context, catalogue, **kwargs)

    monkeypatch.setattr(report_module, "render_pdf", counting)
    first = client.get(f"/a/{token}/report.pdf?language=de").data
    again = client.get(f"/a/{token}/report.pdf?language=de").data
    assert first == again and rendered == ["de"]
    english = client.get(f"/a/{token}/report.pdf?language=en").data
    assert english != first and rendered == ["de", "en"]
    assert report_count(sqlite_app) == 2


def test_the_report_follows_the_assessment_language_by_default(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    client.get("/language/en")
    token = complete(client, "quick-check-average")
    response = client.get(f"/a/{token}/report.pdf")
    assert 'filename="digitalisation-check-' in response.headers["Content-Disposition"]
    _reader, text = text_of(response.data)
    assert flat("Your next steps") in flat(text)


def test_fingerprint_changes_with_what_the_report_shows(sqlite_app: Flask) -> None:
    q = load_catalogue().get("quick-check")
    assert q is not None
    answers = answer_set("quick-check-average")
    from datetime import date

    with sqlite_app.test_request_context("/"):
        base = report_module.ReportRequest(q, answers["answers"], answers["profile"], "de", date(2026, 11, 21))
        plain = report_module.report_context(base)
        with_peers = report_module.report_context(
            report_module.ReportRequest(q, answers["answers"], answers["profile"], "de", date(2026, 11, 21),
                                        peers=PeerGroup(12, {d.id: Quartiles(12, 41.5, 50.0, 62.0)
                                                             for d in q.dimensions})))
        assert report_module.fingerprint(plain) == report_module.fingerprint(report_module.report_context(base))
        assert report_module.fingerprint(plain) != report_module.fingerprint(with_peers)
        assert with_peers["dimensions"][0]["peers"] == "50,0"  # the median, as the column of scores writes it
        assert with_peers["dimensions"][0]["peers_band"] == "41,5–62,0"
        assert "Schattiert: die mittlere Hälfte der vergleichbaren Betriebe" in with_peers["comparison"]["peer_caption"]
        assert 'class="radar-band"' in with_peers["radar_svg"]


def test_deleting_the_assessment_deletes_its_reports(report_app: Flask) -> None:
    client = report_app.test_client()
    token = complete(client, "quick-check-average")
    assert client.get(f"/a/{token}/report.pdf").status_code == 200
    assert report_count(report_app) == 1
    assert client.post(f"/a/{token}/delete").status_code == 303
    assert report_count(report_app) == 0
    assert client.get(f"/a/{token}/report.pdf").status_code == 404


def test_report_requests_that_cannot_be_served(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    assert client.get("/a/" + "A" * 32 + "/report.pdf").status_code == 404
    assert client.get("/a/not-a-token/report.pdf").status_code == 404
    token = complete(client, "quick-check-average")
    refused = client.get(f"/a/{token}/report.pdf?language=fr")
    assert refused.status_code == 400
    assert "Englisch" in refused.get_data(as_text=True)
    unfinished = start(client, "quick-check")
    response = client.get(f"/a/{unfinished}/report.pdf")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/a/{unfinished}")


def test_results_page_offers_the_report_in_the_language_shown(sqlite_app: Flask) -> None:
    client = sqlite_app.test_client()
    token = complete(client, "quick-check-average")
    client.get("/language/en")
    page = client.get(f"/a/{token}/results").get_data(as_text=True)
    assert f'href="/a/{token}/report.pdf?language=en"' in page
    assert "Download the report (PDF)" in page


def test_typed_text_is_printed_as_text_and_nothing_is_fetched(sqlite_app: Flask,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []
    real_fetch = pdf_module.StaticFilesOnly.fetch

    def recording(self: Any, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf_module.StaticFilesOnly, "fetch", recording)
    client = sqlite_app.test_client()
    answers = answer_set(CASE)
    typed = '<img src="http://example.com/track.png"> Kasse & <b>Lager</b>'
    answers["answers"]["digital_challenge"] = typed
    q = load_catalogue().get("kmu-check")
    assert q is not None
    token = start(client, "kmu-check")
    for page in ["profile", *(d.id for d in q.dimensions)]:
        values = answers["profile"] if page == "profile" else answers["answers"]
        assert client.post(f"/a/{token}/{page}", data=form_data(q.id, page, values)).status_code == 303
    _reader, text = text_of(client.get(f"/a/{token}/report.pdf").data)
    assert flat(typed) in flat(text)
    assert fetched and all(url.startswith("file://") and url.endswith("/static/favicon.svg") for url in fetched)


def test_cli_writes_the_same_report_from_an_answers_file(runner: Any, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", str(GOLDEN / "kmu-check-plumber-76.answers.json"), "-o", str(out),
                                 "--lang", "en", "--date", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    reader, text = text_of(out.read_bytes())
    assert 8 <= len(reader.pages) <= 20
    words = flat(text)
    assert flat("November 21, 2026") in words
    assert flat("Mittelstand-Digital Zentrum Handwerk") in words
    assert flat("Baden-Württemberg, postcode area 76") in words


def test_cli_rejects_bad_answer_files(runner: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = runner.invoke(args=["report", str(broken), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "not valid JSON" in result.output
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps({"questionnaire": "nope", "version": "1", "profile": {}, "answers": {}}))
    result = runner.invoke(args=["report", str(unknown), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no questionnaire 'nope' version 1" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"questionnaire": "quick-check", "version": "1", "profile": {},
                                 "answers": {"no_such_question": "yes"}}))
    result = runner.invoke(args=["report", str(wrong), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no_such_question" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_cli_reports_against_a_questionnaire_named_by_path_or_folder(runner: Any, tmp_path: Path) -> None:
    from questionnaires.catalogue import EXAMPLES

    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "example.yaml").write_text((EXAMPLES / "example.yaml").read_text(encoding="utf-8"))
    answers = GOLDEN / "example-average.answers.json"
    for how in (["-q", str(folder / "example.yaml")], ["--questionnaires", str(folder)]):
        out = tmp_path / "example.pdf"
        result = runner.invoke(args=["report", str(answers), "-o", str(out), "--lang", "en", *how])
        assert result.exit_code == 0, result.output
        assert flat("Mini digitalisation check (example)") in flat(text_of(out.read_bytes())[1])
        out.unlink()
    result = runner.invoke(args=["report", str(answers), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no questionnaire 'example' version 1" in result.output
    result = runner.invoke(args=["report", str(answers), "-o", str(tmp_path / "x.pdf"), "-q", "quick-check"])
    assert result.exit_code != 0 and "answers example version 1, not quick-check" in result.output


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "2 von 5 (0: nur nach Bauchgefühl, 5: immer auf Basis aktueller Zahlen)"),
    ("en", "2 of 5 (0: "),
])
def test_a_scale_answer_names_the_scales_ends(sqlite_app: Flask, language: str, expected: str) -> None:
    from flask_babel import force_locale

    from app.presenters import answer_text

    q = load_catalogue().get("quick-check")
    assert q is not None
    with sqlite_app.test_request_context(), force_locale(language):
        assert answer_text(q.question_index["data_decisions"], 2, language).startswith(expected)
