"""Input a browser can send that the first release answered with a 500 or a dead end.

Each test is the regression test of one defect from issue 12 (numbers, postcode, the
language switch's `next`, the Host header, control characters in free text). Where the
input is stored, the test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from wtforms.validators import ValidationError

from app.assessments import hash_token
from app.extensions import db
from app.models import Assessment
from questionnaires.catalogue import EXAMPLES
from questionnaires.model import Number
from tests.conftest import migrated, post_while_the_database_refuses, stored_assessments

from .checkflow import answer_set, form_data, start


@pytest.fixture
def stored_app(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(**database_config))


def stored(app: Flask, token: str) -> Assessment:
    with app.app_context():
        found = db.session.execute(db.select(Assessment).where(Assessment.token_hash == hash_token(token))).scalar_one()
        db.session.expunge(found)
        return found


def kmu_with_profile(client: FlaskClient) -> str:
    token = start(client, "kmu-check")
    response = client.post(f"/a/{token}/profile",
                           data=form_data("kmu-check", "profile", answer_set("kmu-check-average")["profile"]))
    assert response.status_code == 303
    return token


def field_error(page: str, field: str) -> str:
    """The message shown at a field (empty when there is none)."""
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', page)
    return match.group(1) if match else ""


# --- numbers -------------------------------------------------------------------------------

REFUSED_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1e5", "1_000", "0x10", "٣", "--5", "5-", ".",
               "12 %", "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000", "9" * 400, "1\x002", "\u202e12"]


def test_what_is_no_number_gets_a_message_at_the_field_and_the_page_again(stored_app: Flask) -> None:
    client = stored_app.test_client()
    token = kmu_with_profile(client)
    for text in REFUSED_NUMBERS:
        response = client.post(f"/a/{token}/processes", data={"invoices_digital_share": text})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, text
        assert field_error(page, "invoices_digital_share"), text
        assert token in page and 'name="invoices_digital_share"' in page, text  # the page, with its private link
    assessment = stored(stored_app, token)
    assert "invoices_digital_share" not in assessment.answers and "processes" not in assessment.pages_done


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [
        ("de", "47,5", 47.5), ("de", "1.000,5", 1000.5), ("de", "1.000", 1000), ("de", "1 000", 1000),
        ("de", "12,", 12), ("de", "+5", 5), ("de", "\u22125", -5), ("de", "\uff11\uff12", 12),
        ("en", "47.5", 47.5), ("en", "1,000", 1000), ("en", "1,000.5", 1000.5), ("en", "1 000", 1000),
        ("en", "1\u00a0000", 1000), ("en", ".5", 0.5),
    ],
)
def test_numbers_are_read_as_people_write_them_in_the_page_language(make_app: Any, language: str, typed: str,
                                                                     expected: float) -> None:
    from app.answering.answer_form import parse_number

    assert parse_number(typed, language) == expected


@pytest.mark.parametrize(("language", "typed"), [("de", "47.5"), ("de", "1,000.5"), ("en", "47,5"),
                                                 ("en", "1.000,5"), ("de", "1.2.3"), ("de", "1 2")])
def test_a_decimal_mark_of_the_other_language_is_questioned_not_guessed(make_app: Any, language: str,
                                                                        typed: str) -> None:
    from app.answering.answer_form import parse_number

    with pytest.raises(ValidationError):
        parse_number(typed, language)


def test_number_messages_are_in_the_page_language(stored_app: Flask) -> None:
    client = stored_app.test_client()
    token = kmu_with_profile(client)
    german = client.post(f"/a/{token}/processes", data={"invoices_digital_share": "47.5"}).get_data(as_text=True)
    assert field_error(german, "invoices_digital_share") == (
        "Bitte prüfen Sie die Zahl: Nachkommastellen schreiben Sie mit Komma, zum Beispiel 12,5, Tausender als "
        "1.000 oder 1000.")
    assert field_error(client.post(f"/a/{token}/processes", data={"invoices_digital_share": "nan"})
                       .get_data(as_text=True), "invoices_digital_share") == "Bitte geben Sie eine Zahl ein, zum Beispiel 25."
    client.get("/language/en")
    english = client.post(f"/a/{token}/processes", data={"invoices_digital_share": "47,5"}).get_data(as_text=True)
    assert field_error(english, "invoices_digital_share") == (
        "Please check the number: write decimals with a point, for example 12.5, and thousands as 1,000 or 1000.")
    assert client.post(f"/a/{token}/processes", data={"invoices_digital_share": "47.5"}).status_code == 303
    assert stored(stored_app, token).answers["invoices_digital_share"] == 47.5


def test_german_decimals_are_stored_as_typed(stored_app: Flask) -> None:
    client = stored_app.test_client()
    token = kmu_with_profile(client)
    assert client.post(f"/a/{token}/processes", data={"invoices_digital_share": " 47,5 "}).status_code == 303
    assert stored(stored_app, token).answers["invoices_digital_share"] == 47.5


def test_a_thousand_in_english_is_a_thousand(make_app: Any) -> None:
    """The example questionnaire asks for the number of staff (1 to 100,000) in its profile."""
    client = migrated(make_app(DIGICHECK_QUESTIONNAIRES=str(EXAMPLES))).test_client()
    token = start(client, "example")
    client.get("/language/en")
    response = client.post(f"/a/{token}/profile", data={"industry": "crafts", "employees": "1,000"})
    assert response.status_code == 303
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    assert 'value="1000"' in page
    response = client.post(f"/a/{token}/profile", data={"industry": "crafts", "employees": "1,000.5"})
    assert field_error(response.get_data(as_text=True), "employees") == "Please enter a whole number."


def test_a_number_without_a_maximum_still_has_a_sensible_limit(make_app: Any) -> None:
    from app.answering.answer_form import _number

    question = Number.model_validate({"id": "turnover", "type": "number", "text": {"de": "Umsatz"}, "max": None})
    with make_app().test_request_context("/"):
        assert _number(question, "999.999.999.999.999") == 999_999_999_999_999
        with pytest.raises(ValidationError, match="kleinere Zahl"):
            _number(question, "1.000.000.000.000.001")


# --- postcode ------------------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["7x", "7", "٧٦", "\uff17\uff16"])
def test_a_malformed_postcode_keeps_the_page_with_the_message_at_the_field(stored_app: Flask, postcode: str) -> None:
    client = stored_app.test_client()
    token = start(client, "kmu-check")
    profile = {**answer_set("kmu-check-average")["profile"], "postcode_region": postcode}
    response = client.post(f"/a/{token}/profile", data=form_data("kmu-check", "profile", profile))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "postcode_region") == (
        "Bitte prüfen Sie Ihre Eingabe: Sie hat nicht die Form, die diese Frage verlangt.")
    assert f"/a/{token}</code>" in page  # the private link is still shown
    assert f'value="{postcode}"' in page  # what was typed, to correct it
    assessment = stored(stored_app, token)
    assert assessment.profile == {} and assessment.pages_done == []


# --- free text -----------------------------------------------------------------------------


def test_control_characters_are_cleaned_from_free_text_before_it_is_stored(stored_app: Flask) -> None:
    """Line breaks are stored as \\n (browsers send \\r\\n); tabs stay; NUL, BEL and the like go."""
    client = stored_app.test_client()
    token = start(client, "kmu-check")
    profile = {**answer_set("kmu-check-average")["profile"], "postcode_region": "7\x006"}
    assert client.post(f"/a/{token}/profile", data=form_data("kmu-check", "profile", profile)).status_code == 303
    text = "a\x00b\x07c\r\nd\te\rf\x7f\x85"
    assert client.post(f"/a/{token}/strategy", data={"digital_challenge": text}).status_code == 303
    assessment = stored(stored_app, token)
    assert assessment.answers["digital_challenge"] == "abc\nd\te\nf"
    assert assessment.profile["postcode_region"] == "76"


def test_line_breaks_count_once_towards_the_length_limit(stored_app: Flask) -> None:
    """A browser's maxlength counts a line break as one character, but sends two."""
    client = stored_app.test_client()
    token = kmu_with_profile(client)
    text = "\r\n".join(["x" * 99] * 10)  # 1,000 characters as the browser counted them
    assert client.post(f"/a/{token}/strategy", data={"digital_challenge": text}).status_code == 303
    assert len(stored(stored_app, token).answers["digital_challenge"]) == 999


# --- language switch -----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/a\r\nSet-Cookie: x=1", "/\r\n", "/a\nb", "/\t/evil.example", "/\x00",
                                    "https://evil.example/", "//evil.example/", "/\\evil.example", "evil.example",
                                    " //evil.example", ""])
def test_the_language_switch_goes_only_to_a_path_on_this_site(client: FlaskClient, target: str) -> None:
    response = client.get("/language/en", query_string={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_the_language_switch_keeps_a_path_with_its_query(client: FlaskClient) -> None:
    response = client.get("/language/en", query_string={"next": "/check/quick-check?x=ä%0d"})
    assert response.headers["Location"] == "/check/quick-check?x=%C3%A4%0d"


# --- Host header ---------------------------------------------------------------------------


def test_an_over_long_host_gets_a_clear_400_page(make_app: Any) -> None:
    client = make_app(TESTING=False).test_client()
    response = client.get("/", headers={"Host": "a" * 64 + ".example"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Unter dem Servernamen in dieser Adresse ist diese Website nicht erreichbar." in page
    assert '<a href="/">Zur Startseite</a>' in page and "/static/css/site.css" in page


def test_only_trusted_hosts_are_served_when_configured(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGICHECK_TRUSTED_HOSTS", " check.example.de, .digicheck.example ")
    app = migrated(make_app())
    assert app.config["TRUSTED_HOSTS"] == ["check.example.de", ".digicheck.example"]
    client = app.test_client()
    refused = client.post("/check/quick-check", data={"agree": "y"}, headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "Servernamen" in refused.get_data(as_text=True)
    for host in ("check.example.de", "check.example.de:8443", "hub.digicheck.example"):
        assert client.get("/", headers={"Host": host}).status_code == 200
    response = client.post("/check/quick-check", data={"agree": "y"}, headers={"Host": "check.example.de"})
    page = client.get(response.headers["Location"], headers={"Host": "check.example.de"}).get_data(as_text=True)
    assert re.search(r"<code>http://check\.example\.de/a/[A-Za-z0-9_-]{32}</code>", page)


def test_any_well_formed_host_is_served_without_configuration(make_app: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGICHECK_TRUSTED_HOSTS", raising=False)
    app = make_app()
    assert app.config["TRUSTED_HOSTS"] is None
    assert app.test_client().get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200


# --- blank and special answers to typed fields ----------------------------------------------


def _typed_questions_app(make_app: Any, tmp_path: Any, database_config: dict[str, Any]) -> Flask:
    """The example questionnaire with the staff number and the free-text security question required."""
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: employees\n    type: number\n", "  - id: employees\n    type: number\n    required: true\n", 1)
    assert "required: true\n    integer: true" in text
    text = text.replace("        type: text\n        max_length: 500\n", "        type: text\n        max_length: 500\n"
                        "        required: true\n", 1)
    assert "required: true\n        text:\n          de: Gab es" in text
    (tmp_path / "example.yaml").write_text(text, encoding="utf-8")
    return migrated(make_app(DIGICHECK_QUESTIONNAIRES=str(tmp_path), **database_config))


BLANKS = ["", "   ", "\u00a0\u00a0", "\r\n\t"]


@pytest.mark.parametrize("blank", BLANKS)
@pytest.mark.parametrize(("page", "field"), [("profile", "employees"), ("security", "security_notes")])
def test_a_required_field_left_blank_or_spaces_only_gets_a_message(
        make_app: Any, tmp_path: Any, database_config: dict[str, Any], page: str, field: str, blank: str) -> None:
    app = _typed_questions_app(make_app, tmp_path, database_config)
    client = app.test_client()
    token = start(client, "example")
    profile = {"industry": "crafts", "employees": "12"}
    if page != "profile":
        assert client.post(f"/a/{token}/profile", data=profile).status_code == 303
    response = client.post(f"/a/{token}/{page}", data={**(profile if page == "profile" else {}), field: blank})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field) == "Bitte beantworten Sie diese Frage."
    kept = stored(app, token)
    assert field not in kept.answers and (page != "profile" or kept.profile == {})
    assert client.post(f"/a/{token}/profile", data={**profile, "employees": " 12 "}).status_code == 303
    assert stored(app, token).profile == {"industry": "crafts", "employees": 12}


def test_every_form_cleans_typed_text_before_it_is_stored(stored_app: Flask) -> None:
    """A NUL (PostgreSQL refuses it: a 500 before) or other control characters in a firm's or a Konvoi's
    name: every form's text fields are cleaned (app/forms.py), not only those a service remembered."""
    from app.models import Konvoi, Workshop

    from .people import signed_in, workshop_people

    workshop_people(stored_app)
    consultant = signed_in(stored_app, "consultant@a.de")
    made = consultant.post("/workshops", data={"organisation": "1", "firm": "Holz\x00bau\x07 Meier\r\n",
                                               "check": "quick-check", "language": "de", "pace": "free"})
    assert made.status_code == 303
    konvoi = consultant.post("/konvois", data={"organisation": "1", "name": "Netz\x00werk\x1b Anhalt",
                                               "check": "quick-check", "language": "de", "first_on": "2027-01-11",
                                               "every_months": "3", "rounds": "4", "open_days": "21"})
    assert konvoi.status_code == 303, konvoi.get_data(as_text=True)[:500]
    with stored_app.app_context():
        assert db.session.scalars(db.select(Workshop.firm_name)).all() == ["Holzbau Meier"]
        assert db.session.scalars(db.select(Konvoi.name)).all() == ["Netzwerk Anhalt"]


def test_a_value_the_database_refuses_is_a_400_that_says_so(make_app: Any) -> None:
    """The last line of defence when no form cleaned a value: a clear 400, nothing stored, never a 500."""
    from sqlalchemy.exc import DataError

    app = migrated(make_app(PROPAGATE_EXCEPTIONS=False))
    refused = DataError("INSERT", {}, Exception("PostgreSQL text fields cannot contain NUL (0x00) bytes"))
    started = post_while_the_database_refuses(app, "before_flush", refused)
    assert started.status_code == 400 and "nichts davon gespeichert" in started.get_data(as_text=True)
    assert stored_assessments(app) == 0
