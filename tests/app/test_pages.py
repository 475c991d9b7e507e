"""The landing page and error pages as a visitor meets them."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from questionnaires import ContentError
from tests.questionnaires.samples import VALID, broken


def test_landing_lists_the_questionnaires(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Mini-Check Digitalisierung (Beispiel)" in page
    assert "ca. 5 Minuten" in page and "11 Fragen in 4 Bereichen" in page
    assert '<html lang="de">' in page


def test_pages_load_nothing_from_other_hosts(client: FlaskClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in response.get_data(as_text=True).replace('href="/', "")


def test_unknown_page_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Zur Startseite" in response.get_data(as_text=True)


def test_oversized_request_is_refused(client: FlaskClient) -> None:
    response = client.post("/", data=b"x" * (300 * 1024), content_type="application/octet-stream")
    assert response.status_code in (405, 413)


def test_a_broken_questionnaire_stops_the_app_at_start(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bad.yaml").write_text(broken("type: yes_partly_no", "type: yes_no"))
    with pytest.raises(ContentError, match="unknown question type 'yes_no'"):
        make_app(DIGICHECK_QUESTIONNAIRES=str(tmp_path / "content"))


def test_questionnaire_folder_is_configurable(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sample.yaml").write_text(VALID)
    page = make_app(DIGICHECK_QUESTIONNAIRES=str(tmp_path / "content")).test_client().get("/").get_data(as_text=True)
    assert "Beispiel" in page and "Mini-Check" not in page
