"""Real results are never compared with synthetic ones; a demo server compares with demo rows and says so."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.extensions import db
from tests.conftest import migrated

from .checkflow import answer_set, complete
from .test_report import flat, text_of

CASE = "quick-check-beginner"
COMPARED = "Middle half of 10 similar companies"
DEMO_NOTICE = "Comparisons with similar companies use invented companies"


def _results(app: Flask, token: str) -> str:
    client = app.test_client()
    client.get("/language/en")
    response = client.get(f"/a/{token}/results")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _group_of_ten(app: Flask, demo: bool) -> None:
    """Ten completed, consented checks of the same industry and size: enough for a comparison."""
    from app import assessments, results
    from app.models import utcnow
    from questionnaires import load_catalogue

    answers = answer_set(CASE)
    q = load_catalogue().get(answers["questionnaire"])
    assert q is not None
    with app.app_context():
        for _ in range(10):
            row, _token = assessments.start(q, "en", statistics=True)
            assessments.save_profile(row, answers["profile"])
            assessments.save_answers(row, answers["answers"])
            row.completed_at, row.demo = utcnow(), demo
            results.store(row)
        db.session.commit()


def test_real_results_are_not_compared_with_demo_rows(make_app: Any, database_config: dict[str, Any]) -> None:
    app = migrated(make_app(**database_config))
    _group_of_ten(app, demo=True)
    real = complete(app.test_client(), CASE, statistics=True)
    page = _results(app, real)
    assert "A comparison with similar companies appears here once" in page
    assert COMPARED not in page and DEMO_NOTICE not in page


def test_a_demo_server_compares_with_demo_rows_only_and_says_so(make_app: Any, database_config: dict[str, Any]) -> None:
    real_app = migrated(make_app(**database_config))
    _group_of_ten(real_app, demo=False)  # real companies: a demo server must not show them either
    demo_app = make_app(**database_config, DIGICHECK_DEMO=True)
    visitor = complete(demo_app.test_client(), CASE, statistics=True)
    page = _results(demo_app, visitor)
    assert DEMO_NOTICE in page and COMPARED not in page  # only real rows so far: no comparison
    _group_of_ten(demo_app, demo=True)
    page = _results(demo_app, visitor)
    assert DEMO_NOTICE in page and COMPARED in page
    client = demo_app.test_client()
    client.get("/language/en")
    pdf = client.get(f"/a/{visitor}/report.pdf?language=en")
    assert pdf.status_code == 200
    assert flat("The similar companies are demo data") in flat(text_of(pdf.data)[1])
