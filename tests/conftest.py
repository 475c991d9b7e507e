"""Shared fixtures: the example questionnaire, an app per database, the Flask test client and CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from questionnaires import Questionnaire, load_questionnaire
from questionnaires.catalogue import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("DIGICHECK_TEST_POSTGRES_URL", "")
POSTGRES_REQUIRED = os.environ.get("DIGICHECK_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def example() -> Questionnaire:
    return load_questionnaire(EXAMPLES / "example.yaml")


def _postgres_or_skip() -> str:
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
    if reason and POSTGRES_REQUIRED:
        pytest.fail(f"PostgreSQL is required here (DIGICHECK_REQUIRE_POSTGRES=1) but {reason}")
    if reason:
        pytest.skip(reason)
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_config(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Database settings for one test: a fresh SQLite file, or a throwaway PostgreSQL schema."""
    if request.param == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.db'}"}
        return
    import sqlalchemy

    url = _postgres_or_skip()
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


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A factory, so a test can build an app with its own settings."""
    monkeypatch.setenv("DIGICHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    apps: list[Flask] = []

    def build(**config: Any) -> Flask:
        from app import create_app

        settings = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False}
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
