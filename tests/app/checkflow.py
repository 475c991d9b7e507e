"""Drive the online check through the Flask test client, page by page, like a person would."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from questionnaires import DONT_KNOW, NOT_APPLICABLE, Catalogue, load_catalogue
from questionnaires.model import MultipleChoice, Number

GOLDEN = Path(__file__).resolve().parent.parent / "scoring" / "golden"


@cache
def shipped() -> Catalogue:
    """The shipped questionnaires, read once per test process (reading every YAML file takes half a second)."""
    return load_catalogue()


def answer_set(case: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{case}.answers.json").read_text())


def form_data(questionnaire_id: str, page: str, values: dict[str, Any]) -> dict[str, Any]:
    """What the browser would post for these answers on this page."""
    q = shipped().get(questionnaire_id)
    assert q is not None
    questions = q.profile if page == "profile" else [
        question for d in q.page_index[page].dimensions for question in q.dimension_index[d].questions]
    data: dict[str, Any] = {}
    for question in questions:
        if question.id not in values:
            continue
        value = values[question.id]
        if isinstance(question, Number) and value in (NOT_APPLICABLE, DONT_KNOW):
            data[question.id + "__special"] = value
        elif isinstance(question, MultipleChoice):
            data[question.id] = [value] if isinstance(value, str) else list(value)
        else:
            data[question.id] = str(value)
    return data


def start(client: FlaskClient, questionnaire_id: str, statistics: bool = False) -> str:
    """Consent and start; returns the private token."""
    response = client.post(f"/check/{questionnaire_id}", data={"agree": "y", **({"statistics": "y"} if statistics else {})})
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    match = re.fullmatch(r"/a/([A-Za-z0-9_-]{32})/profile", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def complete(client: FlaskClient, case: str, statistics: bool = False) -> str:
    """Take the whole check with a golden answer set; returns the token."""
    answers = answer_set(case)
    q = shipped().get(answers["questionnaire"])
    assert q is not None
    token = start(client, q.id, statistics)
    pages = ["profile", *(p.id for p in q.question_pages)]
    for page in pages:
        values = answers["profile"] if page == "profile" else answers["answers"]
        response = client.post(f"/a/{token}/{page}", data=form_data(q.id, page, values))
        assert response.status_code == 303, (page, response.get_data(as_text=True)[:2000])
    assert response.headers["Location"] == f"/a/{token}/results"
    return token
