"""Pages that ask several areas at once: headings, progress, resume, conditions, and one score per area."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.assessments import hash_token
from app.extensions import db
from app.models import Assessment
from tests.conftest import migrated
from tests.questionnaires.samples import broken
from tests.questionnaires.test_pages import PAGED

from .checkflow import answer_set, complete, form_data, start

# The sample with `training` (people) on the same page as the `backups` (security) it depends on.
SAME_PAGE = broken("dimensions: [strategy, security]", "dimensions: [strategy]",
                   broken("dimensions: [people]", "dimensions: [security, people]", PAGED))


@pytest.fixture
def quick_app(make_app: Any) -> Flask:
    return migrated(make_app())


@pytest.fixture
def sample_app(make_app: Any, tmp_path: Path) -> Flask:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sample.yaml").write_text(SAME_PAGE)
    return migrated(make_app(DIGICHECK_QUESTIONNAIRES=str(tmp_path / "content")))


def headings(page: str, level: int) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", page, re.S)]


def test_a_quick_check_page_asks_two_areas_under_their_own_headings(quick_app: Flask) -> None:
    client = quick_app.test_client()
    token = start(client, "quick-check")
    client.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", answer_set("quick-check-average")["profile"]))
    response = client.get(f"/a/{token}")
    assert response.headers["Location"] == f"/a/{token}/strategy_customers"
    page = client.get(f"/a/{token}/strategy_customers").get_data(as_text=True)
    assert "Seite 2 von 4" in page
    assert headings(page, 1) == ["Strategie und Kunden"]
    assert headings(page, 2)[:2] == ["Strategie und Führung", "Kunden, Marketing und Vertrieb"]
    for question in ("digital_strategy", "digital_responsible", "web_presence", "customer_data"):
        assert f'id="field-{question}"' in page


def test_time_left_counts_the_questions_of_the_pages_not_yet_sent(quick_app: Flask) -> None:
    client = quick_app.test_client()
    token = start(client, "quick-check")
    first = client.get(f"/a/{token}/profile").get_data(as_text=True)
    client.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", answer_set("quick-check-average")["profile"]))
    client.post(f"/a/{token}/strategy_customers",
                data=form_data("quick-check", "strategy_customers", answer_set("quick-check-average")["answers"]))
    later = client.get(f"/a/{token}/processes_data").get_data(as_text=True)
    assert "noch ca. 5 Minuten" in first and "noch ca. 2 Minuten" in later  # 17 questions in 5 minutes; 8 left
    assert "Seite 3 von 4" in later


def test_each_area_keeps_its_own_score_on_the_results(quick_app: Flask) -> None:
    client = quick_app.test_client()
    token = complete(client, "quick-check-plumber-76")
    page = client.get(f"/a/{token}/results").get_data(as_text=True)
    for area in ("Strategie und Führung", "Kunden, Marketing und Vertrieb", "Prozesse und Organisation",
                 "Daten und KI", "IT-Sicherheit und Datenschutz", "Mitarbeitende und Kompetenzen"):
        assert area in page
    assert "E-Rechnungen empfangen" in page


def stored_answers(app: Flask, token: str) -> dict[str, Any]:
    with app.app_context():
        row = db.session.execute(db.select(Assessment).where(Assessment.token_hash == hash_token(token))).scalar_one()
        return dict(row.answers)


@pytest.mark.parametrize(("backups", "kept"), [("yes", True), ("no", False)])
def test_a_condition_on_another_area_of_the_same_page(sample_app: Flask, backups: str, kept: bool) -> None:
    client = sample_app.test_client()
    token = start(client, "sample")
    client.post(f"/a/{token}/profile", data={"industry": "retail"})
    assert client.post(f"/a/{token}/plan_and_protect", data={"plan": "none"}).status_code == 303
    page = client.get(f"/a/{token}/team").get_data(as_text=True)
    assert 'id="field-training"' in page and "data-condition" in page  # shown, hidden live by the browser
    assert headings(page, 2)[:2] == ["Sicherheit", "Menschen"]
    response = client.post(f"/a/{token}/team", data={"backups": backups, "training": "yes"})
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/results"
    assert ("training" in stored_answers(sample_app, token)) is kept


def test_a_one_area_page_has_no_extra_heading(sample_app: Flask) -> None:
    client = sample_app.test_client()
    token = start(client, "sample")
    client.post(f"/a/{token}/profile", data={"industry": "crafts"})
    page = client.get(f"/a/{token}/plan_and_protect").get_data(as_text=True)
    assert headings(page, 1) == ["Planen und schützen"]
    assert "page-section" not in page
