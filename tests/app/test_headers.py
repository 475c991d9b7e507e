"""Security headers on every route of the authorisation table, whatever the answer (page, redirect, error, file)."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask

from app.access import ACCESS
from tests.conftest import migrated

VALUES = {"slug": "hub-a", "kind": "csv", "page": "profile", "questionnaire_id": "quick-check", "code": "de",
          "filename": "css/site.css", "path": "js/webauthn.js", "version": "0", "signed": "x"}


def _requests(app: Flask) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        values = {name: VALUES.get(name, "1") for name in rule.arguments}
        values.update({name: secrets.token_urlsafe(24) for name in ("token", "key") if name in rule.arguments})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, app.url_map.bind("localhost").build(rule.endpoint, values, method=method)))
    return found


def test_every_route_sends_the_security_headers(make_app: Any) -> None:
    app = migrated(make_app(SESSION_COOKIE_SECURE=True))
    client = app.test_client()
    problems = []
    requests = _requests(app)
    assert {endpoint for endpoint, _m, _p in requests} == set(ACCESS)  # every route in the table, no more
    for endpoint, method, path in requests:
        if endpoint in ("security.logout", "auth.sign_out_everywhere"):
            continue
        response = getattr(client, method.lower())(path)
        response.close()
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        script = next((part for part in policy.split(";") if part.strip().startswith("script-src")), "")
        wrong = [name for name, ok in (
            ("CSP", "default-src 'self'" in policy and "frame-ancestors 'none'" in policy),
            ("inline scripts", "unsafe-inline" not in script),
            ("inline styles", "style-src 'self' 'unsafe-inline'" not in policy or endpoint in CHART_PAGES),
            ("Referrer-Policy", headers.get("Referrer-Policy") == "no-referrer"),
            ("nosniff", headers.get("X-Content-Type-Options") == "nosniff"),
            ("Permissions-Policy", "publickey-credentials-get=(self)" in headers.get("Permissions-Policy", "")
             and "camera=()" in headers.get("Permissions-Policy", "")),
            ("HSTS", headers.get("Strict-Transport-Security", "").startswith("max-age=")),
        ) if not ok]
        if wrong:
            problems.append(f"{method} {path} ({response.status_code}): {', '.join(wrong)}")
    assert problems == []


CHART_PAGES = {"check.results", "hub.portal", "workshop.dashboard", "workshop.projector", "workshop.result"}
"""Pages where Plotly draws: they alone allow inline styles (plotly.js sets them while drawing; never inline scripts)."""


def test_the_session_cookie_is_secure_httponly_and_same_site(make_app: Any) -> None:
    app = migrated(make_app(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=True))
    client = app.test_client()
    client.get("/check/quick-check")  # a form: its CSRF token goes into the session
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.secure and cookie.http_only and cookie.same_site == "Lax"
