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
    assert "Digitalisierungs-Check für kleine und mittlere Unternehmen" in page
    assert "ca. 20 Minuten" in page and "56 Fragen in 9 Bereichen" in page
    assert "ca. 5 Minuten" in page and "12 Fragen in 6 Bereichen" in page
    assert "Beispiel" not in page
    assert '<html lang="de">' in page


def test_pages_load_nothing_from_other_hosts(client: FlaskClient) -> None:
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "http" not in response.get_data(as_text=True).replace('href="/', "")


def test_unknown_page_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Seite nicht gefunden" in page and "Zur Startseite" in page
    assert "requested URL" not in page


def test_posting_to_a_page_that_takes_no_posts(client: FlaskClient) -> None:
    response = client.post("/", data={"x": "1"})
    assert response.status_code == 405
    assert "Aktion nicht möglich" in response.get_data(as_text=True)


def test_oversized_request_is_refused_before_it_is_read(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    @app.post("/echo")
    def echo() -> str:
        from flask import request

        return str(len(request.get_data()))

    app.extensions["access"]["echo"] = "public"
    client = app.test_client()
    assert client.post("/echo", data=b"x" * 1024).get_data(as_text=True) == "1024"
    response = client.post("/echo", data=b"x" * (300 * 1024))
    assert response.status_code == 413
    assert "Zu viele Daten" in response.get_data(as_text=True)


def test_an_unexpected_error_shows_a_plain_500_page(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(TESTING=False)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("internal detail")

    app.extensions["access"]["boom"] = "public"
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Interner Fehler" in page and "internal detail" not in page and "Traceback" not in page


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


def test_a_form_without_its_csrf_token_is_refused_in_plain_words(make_app) -> None:  # type: ignore[no-untyped-def]
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/check/quick-check", data={"agree": "y"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Formular abgelaufen" in page and "CSRF" not in page


def test_plotly_is_served_by_the_app_itself(client: FlaskClient) -> None:
    import plotly

    with client.get(f"/assets/plotly-{plotly.__version__}.min.js") as response:
        assert response.status_code == 200 and response.mimetype == "text/javascript"
        assert b"plotly" in response.data[:2000].lower()
        assert response.cache_control.max_age == 365 * 24 * 3600
