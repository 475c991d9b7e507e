"""Follow-up questions on the same page, and "Back", as a person without JavaScript meets them.

Uses a small questionnaire (tests/app/followups/) whose profile and first dimension each
have a question that only applies after an answer on the same page. A browser without
JavaScript sends the page without having seen the follow-up; the page must come back with
it. "Back" must always go back, keeping what is valid and setting invalid input aside.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.answering.question_html import SEEN_FIELD
from tests.conftest import migrated

from .checkflow import start
from .test_check_flow import stored

FOLDER = Path(__file__).resolve().parent / "followups"


@pytest.fixture
def followups_app(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(DIGICHECK_QUESTIONNAIRES=str(FOLDER), **database_config))


@pytest.fixture
def client(followups_app: Flask) -> FlaskClient:
    return followups_app.test_client()


def fieldset(page: str, qid: str) -> str:
    """The opening tag of a question's fieldset ('' when the page does not hold the question)."""
    found = re.search(rf'<fieldset[^>]*id="field-{qid}"[^>]*>', page)
    return found.group(0) if found else ""


def is_shown(page: str, qid: str) -> bool:
    tag = fieldset(page, qid)
    return bool(tag) and " hidden" not in tag


def typed(page: str, qid: str) -> str:
    found = re.search(rf'<input[^>]*\bname="{qid}"[^>]*>', page)
    assert found, qid
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def ticked(page: str, qid: str) -> set[str]:
    tags = re.findall(rf'<input[^>]*\bname="{qid}"[^>]*>', page)
    return {re.search(r'value="([^"]*)"', t).group(1) for t in tags if re.search(r"\bchecked\b", t)}  # type: ignore[union-attr]


def test_a_profile_follow_up_is_on_the_page_hidden_until_its_answer_calls_for_it(client: FlaskClient) -> None:
    token = start(client, "followups")
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    tag = fieldset(page, "crafts_business")
    assert tag and " hidden disabled" in tag and "data-condition" in tag  # the browser shows it live
    assert "js/conditions.js" in page


def test_without_javascript_the_profile_comes_back_with_the_follow_up(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    response = client.post(f"/a/{token}/profile", data={"industry": "construction", "move": "next"})
    assert response.status_code == 200  # not an error: the person could not have seen the question
    page = response.get_data(as_text=True)
    assert is_shown(page, "crafts_business")
    assert "Ihre Antworten machen eine weitere Frage auf dieser Seite nötig" in page
    assert 'href="#field-crafts_business"' in page
    assert "Bitte prüfen Sie Ihre Angaben" not in page  # a note, not an error
    assert ticked(page, "industry") == {"construction"}
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.profile == {} and assessment.pages_done == []

    # Sent again, now with the question seen (its fieldset carries the mark) and answered.
    response = client.post(f"/a/{token}/profile", data={"industry": "construction", "crafts_business": "yes",
                                                          SEEN_FIELD: "crafts_business", "move": "next"})
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/tools"
    assessment = stored(followups_app, token)
    assert assessment is not None
    assert assessment.profile == {"industry": "construction", "crafts_business": "yes"}


def test_a_follow_up_seen_but_left_blank_is_an_ordinary_missing_answer(client: FlaskClient) -> None:
    token = start(client, "followups")
    response = client.post(f"/a/{token}/profile", data={"industry": "construction", SEEN_FIELD: "crafts_business"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte prüfen Sie Ihre Angaben" in page and "Bitte beantworten Sie diese Frage." in page


def test_an_answer_that_does_not_call_for_the_follow_up_goes_straight_on(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    response = client.post(f"/a/{token}/profile", data={"industry": "retail"})
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/tools"
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.profile == {"industry": "retail"}
    # Back on the page, the follow-up is still there for the browser to show, but hidden.
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    assert fieldset(page, "crafts_business") and not is_shown(page, "crafts_business")


def test_a_follow_up_answered_and_then_no_longer_called_for_is_dropped(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    client.post(f"/a/{token}/profile", data={"industry": "construction", "crafts_business": "no",
                                             SEEN_FIELD: "crafts_business"})
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    assert is_shown(page, "crafts_business") and ticked(page, "crafts_business") == {"no"}
    client.post(f"/a/{token}/profile", data={"industry": "retail", "crafts_business": "no", SEEN_FIELD: "crafts_business"})
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.profile == {"industry": "retail"}


def test_without_javascript_a_dimension_page_comes_back_with_its_follow_up(followups_app: Flask, client: FlaskClient) -> None:
    token = start(client, "followups")
    client.post(f"/a/{token}/profile", data={"industry": "retail"})
    page = client.get(f"/a/{token}/tools").get_data(as_text=True)
    assert fieldset(page, "ai_rules") and not is_shown(page, "ai_rules")
    response = client.post(f"/a/{token}/tools", data={"ai_use": "regular"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert is_shown(page, "ai_rules") and 'href="#field-ai_rules"' in page
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.answers == {} and "tools" not in assessment.pages_done
    response = client.post(f"/a/{token}/tools", data={"ai_use": "regular", "ai_rules": "partly", SEEN_FIELD: "ai_rules"})
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/paper"
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.answers == {"ai_use": "regular", "ai_rules": "partly"}


def test_the_english_note_counts_the_new_questions(client: FlaskClient) -> None:
    token = start(client, "followups")
    client.get("/language/en?next=/")
    page = client.post(f"/a/{token}/profile", data={"industry": "construction"}).get_data(as_text=True)
    assert "Your answers call for one more question on this page." in page


# --- Back -------------------------------------------------------------------------------------


def on_paper_page(client: FlaskClient) -> str:
    """A check answered up to its second area ("paper"); returns the token."""
    token = start(client, "followups")
    client.post(f"/a/{token}/profile", data={"industry": "retail"})
    client.post(f"/a/{token}/tools", data={"ai_use": "none"})
    return token


def test_back_always_goes_back_storing_the_valid_answers_and_keeping_invalid_input_aside(
    followups_app: Flask, client: FlaskClient
) -> None:
    token = on_paper_page(client)
    response = client.post(f"/a/{token}/paper", data={"paper_share": "ziemlich viel", "scanner": "yes", "move": "back"})
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/tools"
    assessment = stored(followups_app, token)
    assert assessment is not None
    assert assessment.answers == {"ai_use": "none", "scanner": "yes"}  # the word is not stored as an answer
    assert "paper" not in assessment.pages_done

    # Returning, the person finds their own input again, with what is wrong with it.
    response = client.get(f"/a/{token}/paper")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert typed(page, "paper_share") == "ziemlich viel"
    assert "Bitte geben Sie eine Zahl ein" in page and 'aria-invalid="true"' in page
    assert ticked(page, "scanner") == {"yes"}
    assert client.get(f"/a/{token}").headers["Location"] == f"/a/{token}/paper"  # resume: not done yet

    # Sent again with a valid number, it is stored and the kept input is gone.
    response = client.post(f"/a/{token}/paper", data={"paper_share": "40", "scanner": "yes", "move": "back"})
    assert response.status_code == 303
    page = client.get(f"/a/{token}/paper").get_data(as_text=True)
    assert typed(page, "paper_share") == "40" and "aria-invalid" not in page
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.answers["paper_share"] == 40 and "paper" in assessment.pages_done


def test_back_with_a_required_question_unanswered_goes_back_and_the_page_stays_open(
    followups_app: Flask, client: FlaskClient
) -> None:
    token = on_paper_page(client)
    response = client.post(f"/a/{token}/paper", data={"scanner": "no", "move": "back"})
    assert response.status_code == 303 and response.headers["Location"] == f"/a/{token}/tools"
    page = client.get(f"/a/{token}/paper").get_data(as_text=True)
    assert ticked(page, "scanner") == {"no"} and "Bitte prüfen Sie Ihre Angaben" not in page  # no scolding on return
    # A page that was done and is left with a gap is asked again before the results.
    client.post(f"/a/{token}/tools", data={"ai_use": "none"})
    client.post(f"/a/{token}/tools", data={"move": "back"})
    assessment = stored(followups_app, token)
    assert assessment is not None and assessment.answers == {"scanner": "no"}
    assert assessment.pages_done == ["profile"] and assessment.completed_at is None
    assert client.get(f"/a/{token}").headers["Location"] == f"/a/{token}/tools"


def test_invalid_input_kept_on_back_is_shown_in_the_language_of_the_return(client: FlaskClient) -> None:
    token = on_paper_page(client)
    client.post(f"/a/{token}/paper", data={"paper_share": "150", "move": "back"})
    client.get("/language/en?next=/")
    page = client.get(f"/a/{token}/paper").get_data(as_text=True)
    assert typed(page, "paper_share") == "150" and "Please enter a number from 0 to 100." in page
