"""A backup restores (docs/deployment.md, "Backups"): pg_dump of a database with a finished check,
pg_restore into a fresh database, and the person's private link shows the same result from it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy

from app import create_app
from tests.app.checkflow import complete
from tests.conftest import postgres_or_skip

from .services import fresh_postgres_database, instance_env, migrate

pytestmark = pytest.mark.postgres


def _libpq(url: str) -> str:
    """The URL as pg_dump and pg_restore read it (no SQLAlchemy driver name)."""
    return sqlalchemy.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: ./manage.sh test installs Debian's postgresql, which brings it")
    return found


def _result_page(database: str, token: str) -> str:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "TESTING": True, "SECRET_KEY": "backup-test"})
    try:
        page = app.test_client().get(f"/a/{token}/results", headers={"Accept-Language": "en"})
        assert page.status_code == 200
        return page.get_data(as_text=True)
    finally:
        from app.extensions import db

        with app.app_context():
            db.engine.dispose()


def _scores(page: str) -> list[str]:
    """The figures a person reads on the results page: the overall level and each area's score."""
    overall = re.findall(r'class="overall-score">([^<]+)<', page)
    areas = re.findall(r'class="score"><strong>([^<]+)</strong>', page)
    assert overall and areas, "the results page shows the overall score and the areas' scores"
    return overall + areas


def test_a_dump_restored_into_a_fresh_database_serves_the_same_result(tmp_path: Path) -> None:
    server = postgres_or_skip()
    with fresh_postgres_database(server) as original:
        env = instance_env(original, None, tmp_path)
        migrate(env)
        app = create_app({"SQLALCHEMY_DATABASE_URI": original, "TESTING": True, "WTF_CSRF_ENABLED": False,
                          "SECRET_KEY": "backup-test"})
        token = complete(app.test_client(), "quick-check-average", statistics=True)
        from app.extensions import db

        with app.app_context():
            db.engine.dispose()
        before = _result_page(original, token)
        dump = tmp_path / "digicheck.dump"
        subprocess.run([_tool("pg_dump"), "--format=custom", "--file", str(dump), _libpq(original)], check=True,
                       capture_output=True, timeout=120)
    # The original is gone now; only the dump is left, as after losing the server.
    with fresh_postgres_database(server) as restored:
        subprocess.run([_tool("pg_restore"), "--no-owner", "--dbname", _libpq(restored), str(dump)], check=True,
                       capture_output=True, timeout=120)
        after = _result_page(restored, token)
        migrate({**env, "DATABASE_URL": restored})  # the restored database knows its schema version: nothing to do
    assert _scores(after) == _scores(before)
