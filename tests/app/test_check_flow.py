"""The online check as a business owner goes through it, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
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

from .checkflow import GOLDEN, answer_set, complete, form_data, start


@pytest.fixture
def flow_app(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(**database_config))


@pytest.fixture
def flow(flow_app: Flask) -> FlaskClient:
    return flow_app.test_client()


def stored(app: Flask, token: str) -> Assessment | None:
    with app.app_context():
        return db.session.execute(db.select(Assessment).where(Assessment.token_hash == hash_token(token))).scalar_one_or_none()


def test_full_check_stores_answers_and_shows_results(flow_app: Flask, flow: FlaskClient) -> None:
    token = complete(flow, "kmu-check-v2-plumber-76")
    assessment = stored(flow_app, token)
    assert assessment is not None and assessment.completed
    expected = answer_set("kmu-check-v2-plumber-76")
    assert assessment.profile == expected["profile"]
    assert {k: v for k, v in assessment.answers.items()} == expected["answers"]
    assert (assessment.industry, assessment.size_class, assessment.state) == ("construction", "micro", "bw")
    golden = json.loads((GOLDEN / "kmu-check-v2-plumber-76.result.json").read_text())
    page = flow.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Ihre Ergebnisse" in page
    german_score = f"{golden['score']:.1f}".replace(".", ",")
    assert f"{german_score} von 100 Punkten" in page  # written as Germans write it: 41,6
    assert "Mittelstand-Digital Zentrum Handwerk" in page
    assert "Online-Terminbuchung anbieten" in page  # appointments: a core process of a plumbing firm
    assert "Kernablauf Ihrer Branche (Baugewerbe – Bau und Ausbau): weil Sie auf die Frage" in page


def test_the_token_is_never_stored_in_clear(flow_app: Flask, flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    assessment = stored(flow_app, token)
    assert assessment is not None
    assert assessment.token_hash == hash_token(token) and token not in assessment.token_hash
    assert assessment.consent_version and assessment.consent_statistics is False


def test_statistics_consent_is_recorded(flow_app: Flask, flow: FlaskClient) -> None:
    token = start(flow, "quick-check", statistics=True)
    assessment = stored(flow_app, token)
    assert assessment is not None and assessment.consent_statistics is True


def test_nothing_is_stored_without_consent(flow_app: Flask, flow: FlaskClient) -> None:
    response = flow.post("/check/quick-check", data={"statistics": "y"})
    assert response.status_code == 422
    assert "Bitte stimmen Sie zu" in response.get_data(as_text=True)
    with flow_app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Assessment)).scalar() == 0


def test_resume_goes_to_the_first_page_not_sent(flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    profile = answer_set("quick-check-average")["profile"]
    assert flow.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", profile)).status_code == 303
    response = flow.get(f"/a/{token}")
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/strategy_customers"


def test_back_keeps_answers(flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    profile = answer_set("quick-check-average")["profile"]
    flow.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", profile))
    response = flow.post(f"/a/{token}/strategy_customers", data={"digital_strategy": "written", "move": "back"})
    assert response.headers["Location"] == f"/a/{token}/profile"
    page = flow.get(f"/a/{token}/strategy_customers").get_data(as_text=True)
    ticked = [tag for tag in re.findall(r"<input[^>]*>", page) if 'value="written"' in tag]
    assert len(ticked) == 1 and re.search(r"\bchecked\b", ticked[0])


def test_results_wait_until_the_check_is_complete(flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    response = flow.get(f"/a/{token}/results")
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}"


def test_delete_really_deletes(flow_app: Flask, flow: FlaskClient) -> None:
    token = complete(flow, "quick-check-beginner")
    assert flow.get(f"/a/{token}/delete").status_code == 200
    response = flow.post(f"/a/{token}/delete")
    assert response.status_code == 303
    assert stored(flow_app, token) is None
    assert flow.get(f"/a/{token}/results").status_code == 404


def test_taking_the_check_again_shows_before_and_after(flow_app: Flask, flow: FlaskClient) -> None:
    first = complete(flow, "quick-check-beginner")
    response = flow.post(f"/a/{first}/again", data={"agree": "y"})
    assert response.status_code == 303
    second = response.headers["Location"].split("/")[2]
    assert second != first
    newer = stored(flow_app, second)
    older = stored(flow_app, first)
    assert newer is not None and older is not None and newer.previous_id == older.id
    assert newer.profile == older.profile  # the profile is carried over, to be confirmed
    answers = answer_set("quick-check-average")
    for page in ["profile", "strategy_customers", "processes_data", "security_people"]:
        values = answers["profile"] if page == "profile" else answers["answers"]
        flow.post(f"/a/{second}/{page}", data=form_data("quick-check", page, values))
    page = flow.get(f"/a/{second}/results").get_data(as_text=True)
    assert "Vorher:" in page


@pytest.mark.parametrize(
    ("path", "status"),
    [("/a/short/profile", 404), ("/a/" + "x" * 32 + "/profile", 404), ("/a/" + "x" * 32, 404),
     ("/check/no-such-check", 404), ("/a/" + "x" * 32 + "/results", 404)],
)
def test_unknown_or_malformed_tokens(flow: FlaskClient, path: str, status: int) -> None:
    response = flow.get(path)
    assert response.status_code == status
    assert "Traceback" not in response.get_data(as_text=True)


def test_unknown_page_of_a_real_assessment(flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    assert flow.get(f"/a/{token}/nonsense").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"digital_strategy": "everything"},  # an option the page never offered
        {"digital_strategy": "written", "admin": "1"},  # a field the page does not have
        {"backups": "none"},  # a question of another page
    ],
)
def test_tampered_posts_are_refused_and_nothing_is_stored(flow_app: Flask, flow: FlaskClient,
                                                          data: dict[str, str]) -> None:
    token = start(flow, "quick-check")
    flow.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", answer_set("quick-check-average")["profile"]))
    response = flow.post(f"/a/{token}/strategy_customers", data=data)
    assert response.status_code == 400
    assessment = stored(flow_app, token)
    assert assessment is not None and assessment.answers == {} and "strategy_customers" not in assessment.pages_done


def test_a_person_typing_a_wrong_number_sees_the_error_beside_the_field(flow_app: Flask, flow: FlaskClient) -> None:
    token = start(flow, "kmu-check")
    flow.post(f"/a/{token}/profile", data=form_data("kmu-check", "profile", answer_set("kmu-check-average")["profile"]))
    for page in ["strategy", "customers"]:
        flow.post(f"/a/{token}/{page}", data={})
    response = flow.post(f"/a/{token}/processes", data={"invoices_digital_share": "viele", "business_software": "integrated"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert 'href="#field-invoices_digital_share"' in page
    assert 'aria-invalid="true"' in page
    assessment = stored(flow_app, token)
    assert assessment is not None and "business_software" not in assessment.answers


def test_a_number_outside_the_range_names_the_range_as_germans_write_it(flow_app: Flask, flow: FlaskClient) -> None:
    token = start(flow, "kmu-check")
    flow.post(f"/a/{token}/profile", data=form_data("kmu-check", "profile", answer_set("kmu-check-average")["profile"]))
    response = flow.post(f"/a/{token}/processes", data={"invoices_digital_share": "150", "business_software": "integrated"})
    assert response.status_code == 422
    assert "Bitte geben Sie eine Zahl von 0 bis 100 ein." in response.get_data(as_text=True)
    from app.answering.answer_form import _range_message

    with flow_app.test_request_context("/"):
        assert _range_message(0.5, None) == "Bitte geben Sie eine Zahl von mindestens 0,5 ein."
        assert _range_message(None, 2.5) == "Bitte geben Sie eine Zahl von höchstens 2,5 ein."


def test_answers_cannot_change_after_completion(flow_app: Flask, flow: FlaskClient) -> None:
    token = complete(flow, "quick-check-beginner")
    before = stored(flow_app, token)
    response = flow.post(f"/a/{token}/strategy_customers", data={"digital_strategy": "budgeted"})
    assert response.status_code == 409
    after = stored(flow_app, token)
    assert before is not None and after is not None and after.answers == before.answers


def test_hidden_questions_lose_their_answers(flow_app: Flask, flow: FlaskClient) -> None:
    """ai_rules only applies when AI is used; an answer to it is dropped otherwise."""
    token = start(flow, "kmu-check")
    flow.post(f"/a/{token}/profile", data=form_data("kmu-check", "profile", answer_set("kmu-check-average")["profile"]))
    response = flow.post(f"/a/{token}/data_ai", data={"ai_use": "none", "ai_rules": "yes"})
    assert response.status_code == 303
    assessment = stored(flow_app, token)
    assert assessment is not None
    assert assessment.answers.get("ai_use") == "none" and "ai_rules" not in assessment.answers


def test_private_pages_are_not_cached_or_indexed(flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    response = flow.get(f"/a/{token}/profile")
    assert "no-store" in response.headers.get("Cache-Control", "")
    assert response.headers.get("X-Robots-Tag") == "noindex"


def test_switching_to_english(flow: FlaskClient) -> None:
    token = start(flow, "quick-check")
    response = flow.get(f"/language/en?next=/a/{token}/profile")
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/profile"
    page = flow.get(f"/a/{token}/profile").get_data(as_text=True)
    assert '<html lang="en">' in page and "About your business" in page


def test_language_switch_never_redirects_elsewhere(flow: FlaskClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = flow.get("/language/en", query_string={"next": target})
        assert response.headers["Location"] == "/"


def _set(app: Flask, token: str, **values: Any) -> None:
    with app.app_context():
        row = db.session.execute(db.select(Assessment).where(Assessment.token_hash == hash_token(token))).scalar_one()
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


def test_purge_keeps_the_retention_promise(flow_app: Flask, flow: FlaskClient) -> None:
    """Both periods count from the last visit: a check finished long ago but opened lately stays."""
    from datetime import timedelta

    from app.models import today, utcnow

    old_open, fresh_open = start(flow, "quick-check"), start(flow, "quick-check")
    old_done, fresh_done = complete(flow, "quick-check-beginner"), complete(flow, "quick-check-beginner")
    long_done_lately_seen = complete(flow, "quick-check-beginner")
    for token, days in ((old_open, 91), (old_done, 731), (fresh_open, 89), (fresh_done, 700)):
        _set(flow_app, token, last_visit=today() - timedelta(days=days))
    three_years = utcnow() - timedelta(days=3 * 365)
    _set(flow_app, long_done_lately_seen, completed_at=three_years, updated_at=three_years,
         last_visit=today() - timedelta(days=1))
    runner = flow_app.test_cli_runner()
    assert "would delete 2" in runner.invoke(args=["assessments", "purge", "--dry-run"]).output
    assert "deleted 2" in runner.invoke(args=["assessments", "purge"]).output
    assert stored(flow_app, old_open) is None and stored(flow_app, old_done) is None
    for kept in (fresh_open, fresh_done, long_done_lately_seen):
        assert stored(flow_app, kept) is not None


def test_a_visit_is_remembered_once_a_day_and_showing_a_page_stays_a_read(flow_app: Flask, flow: FlaskClient) -> None:
    from datetime import timedelta

    from sqlalchemy import event

    from app.models import today, utcnow

    open_token, done_token = start(flow, "quick-check"), complete(flow, "quick-check-beginner")
    long_ago = today() - timedelta(days=50)
    changed = utcnow() - timedelta(days=50)
    for token in (open_token, done_token):
        _set(flow_app, token, last_visit=long_ago, updated_at=changed)
    writes: list[str] = []
    with flow_app.app_context():
        engine = db.engine

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for token, url in ((open_token, f"/a/{open_token}/profile"), (done_token, f"/a/{done_token}/results")):
            assert flow.get(url).status_code == 200
            row = stored(flow_app, token)
            assert row is not None and row.last_visit == today()
            assert row.updated_at.date() == changed.date(), "a visit is not a change"
            assert len(writes) == 1, writes
            assert flow.get(url).status_code == 200 and flow.get(f"/a/{token}").status_code == 303
            assert len(writes) == 1, "a second visit on the same day writes nothing"
            writes.clear()
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_demo_data_is_complete_consented_valid_and_removable(flow_app: Flask, flow: FlaskClient) -> None:
    from questionnaires import load_catalogue
    from scoring import check_answers

    real = complete(flow, "quick-check-average")
    runner = flow_app.test_cli_runner()
    output = runner.invoke(args=["demo-data", "--n", "15"]).output
    assert "kmu-check: created 15" in output and "quick-check: created 15" in output
    assert "already there" in runner.invoke(args=["demo-data", "--n", "15", "--if-missing"]).output
    with flow_app.app_context():
        rows = db.session.execute(db.select(Assessment).where(Assessment.demo.is_(True))).scalars().all()
        assert len(rows) == 30
        for row in rows:
            assert row.completed and row.consent_statistics and row.industry and row.size_class
            q = load_catalogue().get(row.questionnaire_id)
            assert q is not None
            check_answers(q, row.answers, row.profile)  # raises on anything invalid
    assert "deleted 30 demo" in runner.invoke(args=["demo-data", "--remove"]).output
    assert stored(flow_app, real) is not None


def test_peer_comparison_appears_only_from_ten_consented_companies(flow: FlaskClient) -> None:
    for _ in range(9):
        complete(flow, "quick-check-average", statistics=True)
    complete(flow, "quick-check-average", statistics=False)  # did not consent: never counted
    mine = complete(flow, "quick-check-average")
    page = flow.get(f"/a/{mine}/results").get_data(as_text=True)
    assert "sobald mindestens 10 Betriebe" in page and "Mittlere Hälfte" not in page
    complete(flow, "quick-check-average", statistics=True)  # the tenth consenting peer
    page = flow.get(f"/a/{mine}/results").get_data(as_text=True)
    assert "Mittlere Hälfte von 10 vergleichbaren Betrieben" in page and "sobald mindestens 10 Betriebe" not in page
    assert 'class="radar-band"' in page


def test_pages_around_delete_and_retake(flow: FlaskClient) -> None:
    token = complete(flow, "quick-check-beginner")
    again = flow.get(f"/a/{token}/again")
    assert again.status_code == 200 and "Sie beginnen eine neue Runde" in again.get_data(as_text=True)
    assert flow.post(f"/a/{token}/again", data={}).status_code == 422  # consent is asked again
    deleted = flow.get("/deleted")
    assert deleted.status_code == 200 and "Ihre Antworten sind gelöscht" in deleted.get_data(as_text=True)
