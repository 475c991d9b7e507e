"""The JSON API: a token reads its own organisation's frozen figures, and nothing else; bad input is a clear 4xx."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import aggregates, api_tokens, organisations
from app.extensions import db
from app.models import ApiToken, today
from tests.conftest import migrated

from .hubdata import Firm, store_firms, two_hubs
from .people import member, signed_in

LATER = datetime(2026, 12, 3, tzinfo=timezone.utc)  # 2026-Q3 has closed


def _hub(app: Flask) -> Flask:
    st, hb = two_hubs(app)
    with app.app_context():
        firms = [Firm() for _ in range(12)]  # Saxony-Anhalt's consenting firms
        firms += [Firm(state="BY", organisation_id=st, source="entry_link") for _ in range(3)]  # its own link
        firms += [Firm(state="HB", industry="J", organisation_id=hb, source="entry_link") for _ in range(11)]
        store_firms(firms)
        aggregates.close_quarter("2026Q3", now=LATER)
        db.session.commit()
    return app


@pytest.fixture
def hub(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return _hub(migrated(make_app(**database_config)))


def token(app: Flask, slug: str, name: str = "script") -> str:
    with app.app_context():
        found = organisations.find(slug)
        assert found is not None
        _, secret = api_tokens.create(found, name)
        db.session.commit()
        return secret


def call(client: FlaskClient, path: str, secret: str | None) -> tuple[int, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    response = client.get(path, headers=headers)
    assert response.mimetype == "application/json", (response.status_code, response.get_data(as_text=True)[:200])
    return response.status_code, response.get_json()


def test_the_contract_call_gives_each_cell_with_its_figures_or_the_reason(hub: Flask) -> None:
    secret = token(hub, "hub-st")
    assert secret.startswith("dgc_")
    client = hub.test_client()
    status, body = call(client, "/api/v1/aggregates?questionnaire=quick-check&quarter=2026Q3", secret)
    assert status == 200, body
    assert (body["organisation"], body["questionnaire"], body["quarter"], body["by"]) == \
        ("hub-st", "quick-check", "2026Q3", [])
    assert body["threshold"] == 10
    [total] = body["cells"]
    assert total["n"] == 15 and total["suppressed"] is None and total["categories"] == {}
    overall = total["areas"]["_overall"]
    assert {"median", "q1", "q3", "levels", "suppressed"} <= set(overall)
    assert overall["q1"] <= overall["median"] <= overall["q3"]
    assert abs(sum(overall["levels"].values()) - 1) < 0.01
    status, body = call(client, "/api/v1/aggregates?questionnaire=quick-check&by=region&quarter=2026-Q3", secret)
    assert status == 200 and body["by"] == ["region"]
    regions = {c["categories"]["region"]: c for c in body["cells"]}
    assert regions["BY"]["n"] is None and regions["BY"]["suppressed"] == "threshold"
    assert regions["ST"]["n"] is None and regions["ST"]["suppressed"] == "complementary"
    assert all(a["median"] is None for a in regions["BY"]["areas"].values())
    # without a quarter: the newest closed one with figures; the order of `by` does not matter
    status, body = call(client, "/api/v1/aggregates?questionnaire=quick-check&by=size_class,industry", secret)
    assert status == 200 and body["quarter"] == "2026Q3" and body["by"] == ["industry", "size_class"]


def test_a_token_reads_only_its_own_organisations_figures(hub: Flask) -> None:
    client = hub.test_client()
    status, body = call(client, "/api/v1/aggregates?questionnaire=quick-check&by=industry", token(hub, "hub-hb"))
    assert status == 200 and body["organisation"] == "hub-hb"
    assert [c["categories"] for c in body["cells"]] == [{"industry": "J"}] and body["cells"][0]["n"] == 11
    # there is no way to name another organisation: the parameter is ignored
    status, body = call(client, "/api/v1/aggregates?questionnaire=quick-check&organisation=hub-st", token(hub, "hub-hb"))
    assert status == 200 and body["organisation"] == "hub-hb" and body["cells"][0]["n"] == 11


def test_unknown_missing_and_revoked_tokens_get_401(hub: Flask) -> None:
    client = hub.test_client()
    path = "/api/v1/aggregates?questionnaire=quick-check"
    for secret in (None, "dgc_nothing", "not-even-the-prefix"):
        response = client.get(path, headers={"Authorization": f"Bearer {secret}"} if secret else {})
        assert response.status_code == 401 and "error" in response.get_json()
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    secret = token(hub, "hub-st")
    with hub.app_context():
        found = api_tokens.find_active(secret)
        assert found is not None
        api_tokens.revoke(found)
        db.session.commit()
    assert call(client, path, secret)[0] == 401
    # a signed-in session is no token either
    member(hub, "admin@example.de", "hub-st", "admin")
    assert signed_in(hub, "admin@example.de").get(path).status_code == 401


@pytest.mark.parametrize(("query", "status", "words"), [
    ("questionnaire=quick-check&quarter=2026Q5", 400, "2026Q3"),
    ("questionnaire=quick-check&quarter=last", 400, "2026Q3"),
    ("questionnaire=quick-check&quarter=2999Q1", 400, "not closed"),
    ("questionnaire=quick-check&quarter=2025Q1", 404, "no figures"),
    ("questionnaire=quick-check&by=colour", 400, "industry, size_class, region, industry,size_class"),
    ("questionnaire=quick-check&by=industry,region", 400, "there are:"),
    ("questionnaire=no-such-check", 404, "no check"),
    ("", 400, "questionnaire is missing"),
])
def test_bad_input_gets_a_clear_json_error(hub: Flask, query: str, status: int, words: str) -> None:
    got, body = call(hub.test_client(), f"/api/v1/aggregates?{query}", token(hub, "hub-st"))
    assert got == status and words in body["error"], body


def test_unknown_addresses_and_methods_under_the_api_answer_json(hub: Flask) -> None:
    client = hub.test_client()
    for response, status in ((client.get("/api/v1/nothing"), 404), (client.post("/api/v1/aggregates"), 405)):
        assert response.status_code == status and "error" in response.get_json()


def test_the_quarters_list_and_the_running_count(hub: Flask) -> None:
    status, body = call(hub.test_client(), "/api/v1/quarters?questionnaire=quick-check", token(hub, "hub-st"))
    assert status == 200 and body["quarters"] == ["2026Q3"]
    assert body["running"]["completed"] % 5 == 0


def test_too_many_calls_get_429(make_app: Any) -> None:
    app = _hub(migrated(make_app(DIGICHECK_LIMIT_API="2 per minute", DIGICHECK_LIMIT_API_BAD_TOKEN="3 per minute")))
    client, secret = app.test_client(), token(app, "hub-st")
    path = "/api/v1/aggregates?questionnaire=quick-check"
    assert [call(client, path, secret)[0] for _ in range(3)] == [200, 200, 429]
    assert client.get(path, headers={"Authorization": f"Bearer {secret}"}).headers.get("Retry-After")
    assert call(client, path, token(app, "hub-st", "another"))[0] == 200  # each token its own budget
    assert [call(client, path, "dgc_guess")[0] for _ in range(4)] == [401, 401, 401, 429]


def test_the_cli_prints_a_working_token_lists_and_revokes_it(make_app: Any) -> None:
    app = _hub(migrated(make_app()))
    runner = app.test_cli_runner()
    made = runner.invoke(args=["api-tokens", "create", "--organisation", "hub-st", "--name", "monthly"])
    assert made.exit_code == 0, made.output
    secret = made.output.strip()
    client = app.test_client()
    assert call(client, "/api/v1/aggregates?questionnaire=quick-check", secret)[0] == 200
    listed = runner.invoke(args=["api-tokens", "list"])
    assert "hub-st\tmonthly" in listed.output and secret not in listed.output
    with app.app_context():  # the day of its last use is noted (the day only)
        stored = db.session.scalar(db.select(ApiToken).where(ApiToken.name == "monthly"))
        assert stored is not None and stored.last_used_on == today()
    token_id = listed.output.split("\t")[0]
    assert runner.invoke(args=["api-tokens", "revoke", token_id]).exit_code == 0
    assert call(client, "/api/v1/aggregates?questionnaire=quick-check", secret)[0] == 401
    assert runner.invoke(args=["api-tokens", "create", "--organisation", "nobody"]).exit_code != 0


def test_an_admin_creates_and_revokes_a_token_in_org_others_cannot(make_app: Any) -> None:
    app = _hub(migrated(make_app()))
    member(app, "admin@example.de", "hub-st", "admin")
    member(app, "consultant@example.de", "hub-st", "consultant")
    member(app, "analyst@example.de", "hub-st", "analyst")
    admin = signed_in(app, "admin@example.de")
    assert "/org/hub-st/api-tokens" in admin.get("/org/hub-st").get_data(as_text=True)
    page = admin.post("/org/hub-st/api-tokens", data={"name": "Monatsbericht"})
    assert page.status_code == 201
    text = page.get_data(as_text=True)
    found = re.search(r'id="api-token-secret">(dgc_[A-Za-z0-9_-]+)<', text)
    assert found is not None and "nur dieses eine Mal" in text  # the warning to copy it now
    secret = found.group(1)
    assert call(app.test_client(), "/api/v1/aggregates?questionnaire=quick-check", secret)[0] == 200
    listing = admin.get("/org/hub-st/api-tokens").get_data(as_text=True)
    assert "Monatsbericht" in listing and secret not in listing
    with app.app_context():
        token_id = api_tokens.find_active(secret).id  # type: ignore[union-attr]
    for other in ("consultant@example.de", "analyst@example.de"):
        client = signed_in(app, other)
        assert client.get("/org/hub-st/api-tokens").status_code == 403
        assert client.post("/org/hub-st/api-tokens", data={"name": "x"}).status_code == 403
        assert client.post(f"/org/hub-st/api-tokens/{token_id}/revoke").status_code == 403
    assert call(app.test_client(), "/api/v1/aggregates?questionnaire=quick-check", secret)[0] == 200
    assert admin.post(f"/org/hub-st/api-tokens/{token_id}/revoke").status_code == 303
    assert call(app.test_client(), "/api/v1/aggregates?questionnaire=quick-check", secret)[0] == 401
    audit = admin.get("/org/hub-st/audit").get_data(as_text=True)
    assert "API-Token erstellt" in audit and "API-Token widerrufen" in audit
    assert admin.post("/org/hub-hb/api-tokens", data={"name": "x"}).status_code == 403  # another organisation


def test_the_openapi_description_is_public(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.1") and {"/api/v1/aggregates", "/api/v1/quarters"} <= set(spec["paths"])
    assert "/api/v1/aggregates" in response.get_data(as_text=True)
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
