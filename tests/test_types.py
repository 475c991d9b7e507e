"""The code stays typed: mypy checks the four packages as configured in pyproject.toml."""

from __future__ import annotations

from mypy import api

from tests.conftest import ROOT


def test_the_packages_have_no_type_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    report, errors, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "mypy-cache"), "--no-pretty"]
    )
    assert status == 0, report + errors
    assert "no issues found" in report
