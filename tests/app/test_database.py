"""Smoke test of persistence: migrate, store an assessment, read it back, score it. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy as sa

from app.assessments import hash_token
from app.extensions import db
from app.models import Assessment
from questionnaires import load_questionnaire
from questionnaires.catalogue import EXAMPLES
from scoring import AnswerSet, score

GOLDEN = Path(__file__).resolve().parent.parent / "scoring" / "golden"


def test_store_and_rescore_an_assessment(make_app: Any, database_config: dict[str, Any]) -> None:
    app = make_app(**database_config)
    answer_set = AnswerSet.from_mapping(json.loads((GOLDEN / "example-average.answers.json").read_text()))
    questionnaire = load_questionnaire(EXAMPLES / "example.yaml")
    with app.app_context():
        flask_migrate.upgrade()
        assessment = Assessment(
            token_hash=hash_token("a-token-for-the-smoke-test-00001"),
            consent_version="test",
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            content_hash=questionnaire.content_hash,
            profile=dict(answer_set.profile),
            answers=dict(answer_set.answers),
        )
        db.session.add(assessment)
        db.session.commit()
        assessment_id = assessment.id
        db.session.remove()

        stored = db.session.get(Assessment, assessment_id)
        assert stored is not None
        assert stored.content_hash == questionnaire.content_hash
        assert stored.created_at is not None
        result = score(questionnaire, stored.answers, stored.profile)
        golden = json.loads((GOLDEN / "example-average.result.json").read_text())
        assert result.to_dict() == {k: v for k, v in golden.items() if k not in ("actions", "centres")}


def test_migrations_go_down_and_up_again(make_app: Any, database_config: dict[str, Any]) -> None:
    app = make_app(**database_config)
    with app.app_context():
        flask_migrate.upgrade()
        assert "assessment" in sa.inspect(db.engine).get_table_names()
        flask_migrate.downgrade(revision="base")
        assert "assessment" not in sa.inspect(db.engine).get_table_names()
        flask_migrate.upgrade()
        assert "assessment" in sa.inspect(db.engine).get_table_names()


def test_sqlite_runs_in_wal_mode(make_app: Any, tmp_path: Path) -> None:
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'wal.db'}")
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_create_exactly_the_tables_of_the_models(make_app: Any, database_config: dict[str, Any]) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.extensions import db

    app = make_app(**database_config)
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "write a migration for the model change (digicheck db migrate)"


def test_stored_checks_get_their_last_change_as_last_visit(make_app: Any, database_config: dict[str, Any]) -> None:
    """Migration 0003 on a database with data: retention of existing checks still counts from something real."""
    app = make_app(**database_config)
    with app.app_context():
        flask_migrate.upgrade(revision="0002")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO assessment (token_hash, questionnaire_id, questionnaire_version, content_hash, language, "
                "profile, answers, pages_done, consent_version, consent_statistics, consented_at, created_at, "
                "updated_at, demo) VALUES ('h', 'example', '1', 'x', 'de', '{}', '{}', '[]', 'test', false, "
                ":at, :at, :at, false)"), {"at": "2025-03-04 22:30:00"})
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert str(connection.execute(sa.text("SELECT last_visit FROM assessment")).scalar_one()) == "2025-03-04"
