"""The authorisation matrix: every route of the app, requested as every kind of visitor.

A route without an entry in app/access.py fails here; so does any visitor getting more
(or less) than the table grants, and any 500.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.access import ACCESS, ORGANISATION_ROLES
from tests.conftest import migrated

from .people import member, organisation, signed_in

VISITORS = ("anonymous", "owner", "consultant_a", "consultant_b", "analyst_a", "admin_a", "operator",
            "token_a", "token_b", "token_revoked", "monitor")
# Scripts with a token in Authorization: Bearer and no session: API tokens, and Prometheus with the monitoring token.
TOKENS = ("token_a", "token_b", "token_revoked", "monitor")
METRICS_TOKEN = secrets.token_urlsafe(24)
ACCOUNTS = {"consultant_a": ("c-a@example.de", "hub-a", "consultant"), "consultant_b": ("c-b@example.de", "hub-b", "consultant"),
            "analyst_a": ("an-a@example.de", "hub-a", "analyst"), "admin_a": ("ad-a@example.de", "hub-a", "admin"),
            "operator": ("op@example.de", None, None)}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, dict[str, Callable[[], FlaskClient]], str]]:
    """One site with two organisations, their people, and a firm holding a finished private link."""
    import os

    from app import create_app
    from tests.app.checkflow import complete
    from tests.conftest import TEST_SETTINGS

    folder = tmp_path_factory.mktemp("access")
    os.environ["DIGICHECK_INSTANCE_PATH"] = str(folder / "instance")
    app = migrated(create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'a.db'}",
                               "DIGICHECK_LIMIT_API_BAD_TOKEN": "10000 per minute",
                               "DIGICHECK_METRICS_TOKEN": METRICS_TOKEN}))
    organisation(app, "hub-a")
    organisation(app, "hub-b")
    for email, slug, role in ACCOUNTS.values():
        member(app, email, slug, role, operator=slug is None)
    owner = app.test_client()
    token = complete(owner, "quick-check-average")
    ids = _shared_with_hub_a(app, token)
    # A fresh browser per request: one request's effect on the session (a sign-in flow left
    # half-way, say) must not decide the next one's answer.
    clients: dict[str, Callable[[], FlaskClient]] = {"anonymous": app.test_client, "owner": app.test_client}
    for kind, (email, _, _) in ACCOUNTS.items():
        clients[kind] = lambda email=email: signed_in(app, email)  # type: ignore[misc]
    for kind, secret in _api_tokens(app, ids).items():
        clients[kind] = lambda secret=secret: _with_token(app, secret)  # type: ignore[misc]
    clients["monitor"] = lambda: _with_token(app, METRICS_TOKEN)
    app.config["ACCESS_TEST_IDS"] = ids
    yield app, clients, token


def _with_token(app: Flask, secret: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _api_tokens(app: Flask, ids: dict[str, str]) -> dict[str, str]:
    """A token of hub A, one of hub B, a revoked one of hub A, and one of hub A for its admin to revoke."""
    from app import api_tokens, organisations
    from app.extensions import db

    with app.app_context():
        hub_a, hub_b = organisations.find("hub-a"), organisations.find("hub-b")
        assert hub_a is not None and hub_b is not None
        secrets_ = {"token_a": api_tokens.create(hub_a, "a")[1], "token_b": api_tokens.create(hub_b, "b")[1]}
        revoked, secrets_["token_revoked"] = api_tokens.create(hub_a, "old")
        api_tokens.revoke(revoked)
        ids["token_id"] = str(api_tokens.create(hub_a, "to revoke")[0].id)
        db.session.commit()
    return secrets_


def _shared_with_hub_a(app: Flask, token: str) -> dict[str, str]:
    """Hub A gets a start page, and the firm's result is shared with it: the ids the org routes need."""
    from datetime import date

    from app import assessments, entry_links, konvois, organisations, sharing, workshops
    from app.content import catalogue
    from app.extensions import db

    with app.app_context():
        hub = organisations.find("hub-a")
        found = assessments.find(token)
        assert hub is not None and found is not None
        link = entry_links.create(hub, "hub-a-start", ["quick-check"], {"quick-check"})
        shared = sharing.share(found, hub, "Firma", None)
        membership = next(m for m in hub.memberships if m.role == "analyst")
        q = catalogue().get("quick-check")
        assert q is not None
        workshop = workshops.create(hub, None, q, "Holz")
        konvoi = konvois.create(hub, None, q, "Konvoi A", first_on=date(2026, 9, 1), every_months=3, rounds=2)
        _member, key = konvois.join(konvoi, konvoi.join_token, "Bäckerei", "", mail_consent=False, statistics=False)
        db.session.commit()
        return {"link_id": str(link.id), "share_id": str(shared.id), "membership_id": str(membership.id),
                "workshop_id": str(workshop.id), "code": workshop.code, "konvoi_id": str(konvoi.id),
                "member_key": key, "number": "1"}


def test_every_route_has_an_entry(world: tuple[Flask, dict[str, Callable[[], FlaskClient]], str]) -> None:
    app, _, _ = world
    missing = sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(ACCESS))
    assert missing == [], f"routes without an entry in app/access.py: {missing}"
    unused = sorted(set(ACCESS) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert unused == [], f"entries in app/access.py without a route: {unused}"


def _arguments(rule: Rule, visitor: str, token: str, ids: dict[str, str]) -> dict[str, str]:
    values = {"token": token if visitor == "owner" else secrets.token_urlsafe(24), "page": "profile",
              "questionnaire_id": "quick-check", "code": "en", "filename": "css/site.css", "version": "0",
              "path": "js/webauthn.js", "slug": "hub-a", "kind": "csv", **ids}
    values["key"] = ids["member_key"] if visitor == "owner" else secrets.token_urlsafe(24)  # a Konvoi membership
    values["signed"] = "not-a-signed-link"
    if rule.endpoint.startswith("check.entry"):
        values["slug"] = "hub-a-start"
    if rule.endpoint == "security.static":
        values["filename"] = "js/webauthn.js"
    if rule.endpoint.startswith("security.") and "token" in rule.arguments:
        values["token"] = "not-a-token"
    return {name: values[name] for name in rule.arguments}


def _verdict(kind: str, visitor: str, method: str, status: int, location: str) -> str | None:
    """What is wrong with this answer for this visitor, or None."""
    if status >= 500:
        return "server error"
    signed_in = visitor not in ("anonymous", "owner", *TOKENS)
    if kind == "api_token":  # an active token of either hub gets in (to its own organisation's figures only)
        if visitor in ("token_a", "token_b"):
            return "a valid token was refused" if status in (401, 403) else None
        return None if status == 401 else "let into the API without an active token (expected 401)"
    if kind == "monitoring_token":  # /metrics: the monitoring token only; an API token or a session is not it
        if visitor == "monitor":
            return None if status == 200 else "the monitoring token was refused"
        return None if status == 401 else "metrics without the monitoring token (expected 401)"
    if kind in ("public", "signing_in"):
        return "refused" if status in (401, 403) else None
    if kind == "private_link":
        if visitor == "owner":  # a finished check refuses some changes (409, 422): that is the state, not access
            return "the owner was refused" if status in (401, 403, 404) else None
        return None if status == 404 else "a stranger reached a private page"
    if kind == "account":
        if not signed_in:
            expected = 302 if method == "GET" else 401
            if status != expected or (method == "GET" and "/login" not in location):
                return f"let in without an account (expected {expected})"
            return None
        return "an account was refused" if status in (401, 403) or "/login" in location else None
    if kind == "operator":
        if visitor == "operator":
            return None if status not in (401, 403) else "the operator was refused"
        return None if status in (302, 401, 403) else "let in without being an operator"
    if kind in ("workshop_staff", "konvoi_staff"):  # a workshop or Konvoi of hub A
        kind = "org_staff"
    if kind in ORGANISATION_ROLES:  # the URL names hub A
        if not signed_in:
            return None if status == (302 if method == "GET" else 401) else "let in without an account"
        role = ACCOUNTS[visitor][2] if ACCOUNTS[visitor][1] == "hub-a" else None
        if role in ORGANISATION_ROLES[kind]:
            return "a member with the right role was refused" if status in (401, 403) else None
        return None if status == 403 else "let into another organisation's page, or with too small a role"
    return f"unknown kind {kind}"


# Requests that change what later requests see come last: taking back the share, switching off the start page.
LAST = ("check.revoke_share", "org.link_off", "workshop.close", "org.revoke_api_token", "konvoi.leave")


def _requests(app: Flask) -> Iterator[tuple[Rule, str]]:
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in LAST, r.rule)):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_visitor_gets_what_the_table_grants(world: tuple[Flask, dict[str, Callable[[], FlaskClient]], str]) -> None:
    app, clients, token = world
    problems = []
    for rule, method in _requests(app):
        kind = ACCESS[rule.endpoint]
        for visitor in VISITORS:
            if rule.endpoint in ("security.logout", "auth.sign_out_everywhere", "check.delete") and method == "POST":
                continue  # would end the session or the assessment the other requests need; tested in their own files
            arguments = _arguments(rule, visitor, token, app.config["ACCESS_TEST_IDS"])
            if rule.endpoint == "konvoi.delete":
                arguments["konvoi_id"] = _konvoi_to_delete(app)  # each visitor tries on one of its own
            path = app.url_map.bind("localhost").build(rule.endpoint, arguments, method=method)
            send: Callable[..., Any] = getattr(clients[visitor](), method.lower())
            response = send(path)
            response.close()  # static files answer with an open file
            problem = _verdict(kind, visitor, method, response.status_code, response.location or "")
            if problem:
                problems.append(f"{method} {path} as {visitor}: {response.status_code} ({problem})")
    assert not problems, "\n".join(problems)


def _konvoi_to_delete(app: Flask) -> str:
    from datetime import date

    from app import konvois, organisations
    from app.content import catalogue
    from app.extensions import db

    with app.app_context():
        hub, q = organisations.find("hub-a"), catalogue().get("quick-check")
        assert hub is not None and q is not None
        made = konvois.create(hub, None, q, "Konvoi to delete", first_on=date(2026, 9, 1), every_months=3, rounds=1)
        db.session.commit()
        return str(made.id)


def test_signing_out_and_deleting_are_still_guarded(world: tuple[Flask, dict[str, Callable[[], FlaskClient]], str]) -> None:
    """The three POSTs the matrix leaves out, as strangers send them."""
    app, clients, _ = world
    assert clients["anonymous"]().post("/account/sign-out-everywhere").status_code == 401
    assert clients["consultant_a"]().post(f"/a/{secrets.token_urlsafe(24)}/delete").status_code == 404
    assert clients["anonymous"]().post("/logout").status_code in (302, 303)


def test_a_route_missing_from_the_table_is_refused(world: tuple[Flask, dict[str, Callable[[], FlaskClient]], str]) -> None:
    from app import create_app
    from tests.conftest import TEST_SETTINGS

    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @app.get("/forgotten")
    def forgotten() -> str:
        return "secret"

    assert app.test_client().get("/forgotten").status_code == 403
