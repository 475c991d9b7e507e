"""Shared fixtures: the example questionnaire, an app per database, the Flask test client and CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings as hypothesis_settings

from questionnaires import Questionnaire, load_questionnaire
from questionnaires.catalogue import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("DIGICHECK_TEST_POSTGRES_URL", "")
POSTGRES_REQUIRED = os.environ.get("DIGICHECK_REQUIRE_POSTGRES") == "1"
REDIS_URL = os.environ.get("DIGICHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REDIS_REQUIRED = os.environ.get("DIGICHECK_REQUIRE_REDIS") == "1"

# Hypothesis profiles, chosen with DIGICHECK_HYPOTHESIS_PROFILE. "ci" (set by .ci/run) runs the
# same examples every time, so a red build is reproducible, and prints how to replay a failure;
# "fuzz" is a long hunt (tests/app/test_fuzz_routes.py sends 10,000 requests per test). Unset: Hypothesis'
# defaults, random examples remembered in .hypothesis/ so a failure found once is tried again first.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile("fuzz", deadline=None)
HYPOTHESIS_PROFILE = os.environ.get("DIGICHECK_HYPOTHESIS_PROFILE", "default")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


@pytest.fixture(scope="session")
def example() -> Questionnaire:
    return load_questionnaire(EXAMPLES / "example.yaml")


def postgres_or_skip() -> str:
    """PostgreSQL tests skip on a laptop without it, but fail in CI where they are required."""
    reason = ""
    if not POSTGRES_URL:
        reason = "DIGICHECK_TEST_POSTGRES_URL is not set"
    else:
        import sqlalchemy

        engine = sqlalchemy.create_engine(POSTGRES_URL)
        try:
            with engine.connect():
                pass
        except sqlalchemy.exc.OperationalError as exc:
            reason = f"cannot reach PostgreSQL at {POSTGRES_URL}: {exc.orig}"
        finally:
            engine.dispose()
    missing("PostgreSQL", "DIGICHECK_REQUIRE_POSTGRES", POSTGRES_REQUIRED, reason)
    return POSTGRES_URL


def missing(service: str, variable: str, required: bool, reason: str) -> None:
    """A service a test needs is missing: skip on a laptop, fail where CI requires it."""
    if reason and required:
        pytest.fail(f"{service} is required here ({variable}=1) but {reason}")
    if reason:
        pytest.skip(reason)


def redis_or_skip() -> str:
    """Redis (rate limits shared by processes): skipped on a laptop without it, required in CI."""
    import redis

    reason = ""
    if not REDIS_URL:
        reason = "DIGICHECK_TEST_REDIS_URL is empty"
    else:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        except redis.RedisError as exc:
            reason = f"cannot reach Redis at {REDIS_URL}: {exc}"
        finally:
            client.close()
    missing("Redis", "DIGICHECK_REQUIRE_REDIS", REDIS_REQUIRED, reason)
    return REDIS_URL


@pytest.fixture
def redis_url() -> str:
    return redis_or_skip()


@contextmanager
def database_settings(kind: str, folder: Path) -> Iterator[dict[str, Any]]:
    """Database settings: a fresh SQLite file in `folder`, or a throwaway PostgreSQL schema."""
    if kind == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.db'}"}
        return
    import sqlalchemy

    url = postgres_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
        }
    finally:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
TEST_SETTINGS = {
    "TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
    # argon2 at its cheapest: only tests may do this, a real deployment keeps the library's costs
    "SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS": {"argon2__rounds": 1, "argon2__memory_cost": 8, "argon2__parallelism": 1},
}


@pytest.fixture(params=DATABASES)
def database_config(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Database settings for one test: a fresh SQLite file, or a throwaway PostgreSQL schema."""
    with database_settings(request.param, tmp_path) as config:
        yield config


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A factory, so a test can build an app with its own settings."""
    monkeypatch.setenv("DIGICHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    apps: list[Flask] = []

    def build(**config: Any) -> Flask:
        from app import create_app

        settings = dict(TEST_SETTINGS)
        settings.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path / 'app.db'}")
        settings.update(config)
        app = create_app(settings)
        apps.append(app)
        return app

    yield build
    from app.extensions import db

    for app in apps:
        with app.app_context():
            db.engine.dispose()


def migrated(app: Flask) -> Flask:
    """The app with its database brought to the newest migration, as `digicheck db upgrade` does."""
    import flask_migrate

    with app.app_context():
        flask_migrate.upgrade()
    return app


@pytest.fixture
def app(make_app: Any) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def post_while_the_database_refuses(app: Flask, moment: str, error: Exception, path: str = "/check/quick-check",
                                    data: dict[str, Any] | None = None) -> Any:
    """A form post (by default: starting a check) while the database raises `error` at `moment` (a Session
    event: "before_flush" or "before_commit"), as a real one does when a value is refused or the
    connection breaks; the answer."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    def refuse(*_args: Any) -> None:
        raise error

    event.listen(Session, moment, refuse)
    try:
        return app.test_client().post(path, data={"agree": "y"} if data is None else data)
    finally:
        event.remove(Session, moment, refuse)


def stored_assessments(app: Flask) -> int:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Assessment

    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(Assessment)) or 0)
