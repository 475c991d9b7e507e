"""Saving answer by answer (POST /a/<token>/<page>/answer), as the page's script sends them.

One question's fields, read by the same form as the whole page: stored at once, the same
request twice stores the same thing, an invalid value is refused with the page's message
and stores nothing, and the page sent whole stays the only thing that marks a page done.
Most tests use the small follow-up questionnaire (tests/app/followups/).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app.answering import QUESTION_FIELD
from app.extensions import db
from tests.conftest import migrated

from .checkflow import start
from .people import member, organisation, signed_in
from .test_check_flow import stored
from .test_followups import FOLDER, ticked, typed
from .test_workshops import _new_workshop

JSON = {"Accept": "application/json"}


@pytest.fixture
def followups_app(make_app: Any) -> Flask:
    """On SQLite only, to stay quick: what depends on the database is stored JSON, compared on both below."""
    return migrated(make_app(DIGICHECK_QUESTIONNAIRES=str(FOLDER)))


@pytest.fixture
def client(followups_app: Flask) -> FlaskClient:
    return followups_app.test_client()


def save(client: FlaskClient, token: str, page: str, question: str, **fields: Any) -> Any:
    """What the script posts when a question is answered: its id and its own fields only."""
    return client.post(f"/a/{token}/{page}/answer", data={QUESTION_FIELD: question, **fields}, headers=JSON)


def test_an_answer_is_stored_at_once_and_the_page_shows_it(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    assert f'data-answer-url="/a/{token}/profile/answer"' in page and "js/answer-save.js" in page
    assert 'data-status-saved="Gespeichert"' in page
    response = save(client, token, "profile", "industry", industry="retail")
    assert response.status_code == 200
    assert response.get_json() == {"question": "industry", "answer": "retail", "dropped": []}
    assert ticked(client.get(f"/a/{token}/profile").get_data(as_text=True), "industry") == {"retail"}
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.profile == {"industry": "retail"}
    assert assessment.pages_done == []  # only the page sent whole is done


def test_the_same_answer_twice_is_stored_once(make_app: Any, database_config: dict[str, Any]) -> None:
    app = migrated(make_app(**database_config))
    client = app.test_client()
    token = start(client, "kmu-check")
    fields = {"data_collected": ["sales", "hours"]}
    with app.app_context():
        engine = db.engine
    seen: list[str] = []
    listen = (engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: seen.append(statement))
    event.listen(*listen)
    try:
        first = save(client, token, "data_ai", "data_collected", **fields)
    finally:
        event.remove(*listen)
    if engine.dialect.name == "postgresql":  # a page sent at the same moment waits, then merges into this
        assert any("FOR UPDATE" in statement for statement in seen)
    after_first = stored(app, token)
    second = save(client, token, "data_ai", "data_collected", **fields)
    after_second = stored(app, token)
    assert first.status_code == second.status_code == 200 and first.get_json() == second.get_json()
    assert after_first is not None and after_second is not None
    assert after_first.answers == after_second.answers == {"data_collected": ["sales", "hours"]}
    assert after_second.updated_at == after_first.updated_at  # nothing new: nothing written


def test_an_emptied_answer_is_removed_and_its_done_page_asked_again(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    assert client.post(f"/a/{token}/profile", data={"industry": "retail", "move": "next"}).status_code == 303
    response = save(client, token, "profile", "industry")  # the person took the answer back
    assert response.status_code == 200 and response.get_json()["answer"] is None
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.profile == {} and assessment.pages_done == []


def test_an_invalid_value_is_422_with_the_page_message_and_stores_nothing(followups_app: Flask,
                                                                         client: FlaskClient) -> None:
    token = start(client, "followups")
    assert save(client, token, "paper", "paper_share", paper_share="40").status_code == 200
    refused = save(client, token, "paper", "paper_share", paper_share="150")
    assert refused.status_code == 422
    assert refused.get_json() == {"error": "Bitte geben Sie eine Zahl von 0 bis 100 ein."}
    words = save(client, token, "paper", "paper_share", paper_share="die Hälfte")
    assert words.status_code == 422 and words.get_json()["error"] == "Bitte geben Sie eine Zahl ein, zum Beispiel 25."
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.answers == {"paper_share": 40}


def test_tampered_input_is_400(client: FlaskClient) -> None:
    token = start(client, "followups")
    assert save(client, token, "profile", "industry", industry="mining").status_code == 400  # never offered
    assert save(client, token, "profile", "industry", industry="retail", size="small").status_code == 400  # not its field


def test_unknown_links_pages_and_questions_are_404(client: FlaskClient) -> None:
    token = start(client, "followups")
    assert save(client, token, "profile", "ai_use", ai_use="none").status_code == 404  # on another page
    assert save(client, token, "profile", "nothing", nothing="x").status_code == 404
    assert save(client, token, "nowhere", "industry", industry="retail").status_code == 404
    missing = save(client, "x" * 32, "profile", "industry", industry="retail")
    assert missing.status_code == 404 and "Diese Adresse gibt es hier nicht" in missing.get_json()["error"]
    as_page = client.post(f"/a/{'x' * 32}/profile/answer", data={QUESTION_FIELD: "industry"})
    assert "<html" in as_page.get_data(as_text=True)  # a browser, not the script, gets the page


def test_a_completed_check_is_409(client: FlaskClient) -> None:
    token = start(client, "followups")
    for page, answers in [("profile", {"industry": "retail"}), ("tools", {"ai_use": "none"}),
                          ("paper", {"paper_share": "20", "scanner": "yes"}), ("people", {})]:
        assert client.post(f"/a/{token}/{page}", data={**answers, "move": "next"}).status_code == 303
    response = save(client, token, "tools", "ai_use", ai_use="regular")
    assert response.status_code == 409 and "abgeschlossen" in response.get_json()["error"]


def test_an_answer_that_hides_a_follow_up_drops_its_answer(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    assert save(client, token, "tools", "ai_use", ai_use="regular").status_code == 200
    assert save(client, token, "tools", "ai_rules", ai_rules="partly").status_code == 200
    hidden = save(client, token, "tools", "ai_use", ai_use="none")
    assert hidden.get_json() == {"question": "ai_use", "answer": "none", "dropped": ["ai_rules"]}
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.answers == {"ai_use": "none"}
    not_asked = save(client, token, "tools", "ai_rules", ai_rules="yes")  # the script is out of step
    assert not_asked.status_code == 409 and "neu" in not_asked.get_json()["error"]


def test_a_saved_answer_replaces_input_kept_from_back(client: FlaskClient) -> None:
    token = start(client, "followups")
    assert client.post(f"/a/{token}/paper", data={"paper_share": "die Hälfte", "move": "back"}).status_code == 303
    assert typed(client.get(f"/a/{token}/paper").get_data(as_text=True), "paper_share") == "die Hälfte"
    assert save(client, token, "paper", "paper_share", paper_share="30").status_code == 200
    assert typed(client.get(f"/a/{token}/paper").get_data(as_text=True), "paper_share") == "30"


def test_the_script_sends_the_pages_csrf_token(make_app: Any) -> None:
    client = migrated(make_app(WTF_CSRF_ENABLED=True, DIGICHECK_QUESTIONNAIRES=str(FOLDER))).test_client()
    consent = client.get("/check/followups").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', consent)
    assert csrf, consent
    token = client.post("/check/followups", data={"agree": "y", "csrf_token": csrf.group(1)}).location.split("/")[2]
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    field = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert field
    expired = save(client, token, "profile", "industry", industry="retail")
    assert expired.status_code == 400 and "zu lange geöffnet" in expired.get_json()["error"]
    assert save(client, token, "profile", "industry", industry="retail", csrf_token=field.group(1)).status_code == 200


def test_a_participants_answer_shows_on_the_dashboard(make_app: Any) -> None:
    from app import live

    site = migrated(make_app())
    organisation(site, "hub-a", "Digital Hub Anhalt")
    member(site, "consultant@a.de", "hub-a", "consultant")
    projector, code = _new_workshop(signed_in(site, "consultant@a.de"))
    workshop_id = int(projector.rsplit("/", 1)[1])
    phone = site.test_client()
    token = phone.post(f"/w/{code}", data={"role": ""}).location.split("/")[2]
    with site.app_context():
        before = live.database_version(workshop_id)
    assert save(phone, token, "strategy_customers", "digital_strategy", digital_strategy="ideas").status_code == 200
    with site.app_context():
        assert live.database_version(workshop_id) != before
    participant = stored(site, token)
    assert participant is not None and participant.workshop_id == workshop_id
    assert participant.answers == {"digital_strategy": "ideas"}
