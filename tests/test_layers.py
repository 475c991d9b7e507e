"""The house rules: the pure layers never import the web, the database or the app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

WEB_AND_DATA = {"flask", "flask_sqlalchemy", "flask_wtf", "flask_migrate", "flask_babel", "sqlalchemy",
                "alembic", "wtforms", "psycopg", "werkzeug", "requests", "app"}
RULES = {
    "questionnaires": WEB_AND_DATA | {"scoring", "reports"},
    "scoring": WEB_AND_DATA | {"reports"},
    "reports": {"app", "sqlalchemy", "flask_sqlalchemy", "psycopg", "alembic"},
}


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module a source file imports (relative imports stay in the package)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args:
            if isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.add(node.args[0].value.split(".")[0])
    return found


def test_the_import_finder_sees_every_form_of_import() -> None:
    source = "import flask\nfrom sqlalchemy.orm import Session\nimport app.models as m\nx = __import__('wtforms')\n"
    assert imported_modules(source) == {"flask", "sqlalchemy", "app", "wtforms"}


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_nothing_forbidden(layer: str) -> None:
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, f"{layer}/ has no Python files"
    offences = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path.read_text(encoding="utf-8")) & RULES[layer])
        for path in files
    }
    assert {k: v for k, v in offences.items() if v} == {}


def test_scoring_uses_only_questionnaire_models_of_ours() -> None:
    ours = {"app", "questionnaires", "scoring", "reports"}
    for path in (ROOT / "scoring").rglob("*.py"):
        assert imported_modules(path.read_text(encoding="utf-8")) & ours <= {"questionnaires"}, path
