"""/healthz, /readyz, and a 503 page instead of a 500 while the database is away."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import migrated, post_while_the_database_refuses, stored_assessments
from tests.mailserver import free_port


def test_a_serving_process_is_healthy_and_ready(make_app: Any) -> None:
    app = migrated(make_app())
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_redis_away_is_reported_but_keeps_the_process_in_the_balancer(make_app: Any) -> None:
    app = migrated(make_app(DIGICHECK_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"))
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["redis"] == "unreachable"


def _without_database(make_app: Any) -> Flask:
    """An app whose PostgreSQL is not there (nothing listens on the port): as while it restarts."""
    return make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test")


def test_without_its_database_a_process_is_not_ready_and_pages_say_so_with_503(make_app: Any) -> None:
    client = _without_database(make_app).test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200  # the process itself is up
    page = client.get("/a/" + "x" * 32)
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Kurz nicht erreichbar" in page.get_data(as_text=True)
    script = client.post("/a/" + "x" * 32 + "/profile/answer", headers={"Accept": "application/json"})
    assert script.status_code == 503 and "Datenbank" in script.get_json()["error"]


def test_a_commit_the_database_refuses_is_a_503_and_stores_nothing(make_app: Any) -> None:
    """The connection breaks at the commit (PostgreSQL restarting after the request's writes): 503, not 500."""
    from sqlalchemy.exc import OperationalError

    app = migrated(make_app(PROPAGATE_EXCEPTIONS=False))  # as served: Flask hands the error to its handlers
    broken = OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))
    started = post_while_the_database_refuses(app, "before_commit", broken)
    assert started.status_code == 503 and started.headers["Retry-After"] == "30"
    assert "Kurz nicht erreichbar" in started.get_data(as_text=True)
    assert "X-Request-ID" in started.headers and "Content-Security-Policy" in started.headers
    assert stored_assessments(app) == 0
