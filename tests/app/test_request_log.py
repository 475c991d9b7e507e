"""Request log lines name the route rule, never a private link's token; JSON lines for a log collector."""

from __future__ import annotations

import json
import logging
import secrets
from typing import Any

import pytest

from app.request_log import JsonLines
from tests.conftest import migrated


def test_a_request_is_logged_by_its_route_with_an_id_and_never_with_its_token(make_app: Any,
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    app = migrated(make_app())
    token = secrets.token_urlsafe(24)
    with caplog.at_level(logging.INFO, logger="digicheck.requests"):
        answer = app.test_client().get(f"/a/{token}/profile?next={token}", headers={"X-Request-ID": "proxy-1234abcd"})
    assert answer.headers["X-Request-ID"] == "proxy-1234abcd"
    lines = [r for r in caplog.records if r.name == "digicheck.requests"]
    assert [(r.route, r.status, r.request_id) for r in lines] == [("/a/<token>/<page>", 404, "proxy-1234abcd")]
    assert token not in caplog.text
    odd = app.test_client().get("/healthz", headers={"X-Request-ID": "<script>"})
    assert odd.headers["X-Request-ID"] != "<script>" and len(odd.headers["X-Request-ID"]) == 16


def test_json_lines_are_one_object_per_record_with_the_request_fields() -> None:
    record = logging.LogRecord("digicheck.requests", logging.INFO, __file__, 1, "%s %s %s", ("GET", "/m/<key>", 200),
                               None)
    record.route, record.status, record.method, record.ms, record.request_id = "/m/<key>", 200, "GET", 3.2, "abcd1234"
    line = json.loads(JsonLines().format(record))
    assert line["message"] == "GET /m/<key> 200" and line["route"] == "/m/<key>" and line["request_id"] == "abcd1234"
    assert line["level"] == "INFO" and line["status"] == 200 and "\n" not in JsonLines().format(record)


def test_an_unexpected_error_is_logged_by_route_rule_not_with_the_token(make_app: Any,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    """Flask's own error log line names the path; a private link's token must not reach the log through it."""
    from tests.app.checkflow import answer_set, form_data, start
    from tests.conftest import post_while_the_database_refuses

    app = migrated(make_app(PROPAGATE_EXCEPTIONS=False))
    token = start(app.test_client(), "quick-check")
    profile = form_data("quick-check", "profile", answer_set("quick-check-average")["profile"])
    with caplog.at_level(logging.INFO):
        broken = post_while_the_database_refuses(app, "before_flush", RuntimeError("a bug"), f"/a/{token}/profile",
                                                 profile)
    assert broken.status_code == 500
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == ["Exception on /a/<token>/<page> [POST]"]
    assert token not in caplog.text


def test_gunicorns_error_lines_keep_neither_path_nor_address() -> None:
    """The lines gunicorn writes (gunicorn/workers/base.py) for a failed and for a malformed request."""
    from app.request_log import GunicornWithoutRequestDetails

    kept = GunicornWithoutRequestDetails()
    failed = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1, "Error handling request %s %s",
                               ("POST", "/a/SECRETTOKEN/profile?x=1"), None)
    malformed = logging.LogRecord("gunicorn.error", logging.WARNING, __file__, 1,
                                  "Invalid request from ip=203.0.113.9: Invalid HTTP Version: 'GET /m/SECRETKEY'", (),
                                  None)
    other = logging.LogRecord("gunicorn.error", logging.INFO, __file__, 1, "Booting worker with pid: %s", (42,), None)
    assert all(kept.filter(record) for record in (failed, malformed, other))
    assert [r.getMessage() for r in (failed, malformed, other)] == [
        "Error handling request (its path is not logged)",
        "Invalid request (its address and request line are not logged)", "Booting worker with pid: 42"]
