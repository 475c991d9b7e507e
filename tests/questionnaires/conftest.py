"""The current version of each shipped check, loaded once per module that asks for it."""

from __future__ import annotations

import pytest

from questionnaires import Questionnaire, load_catalogue


def _latest(questionnaire_id: str) -> Questionnaire:
    found = load_catalogue().get(questionnaire_id)
    assert found is not None, f"{questionnaire_id} is not shipped"
    return found


@pytest.fixture(scope="module")
def kmu() -> Questionnaire:
    return _latest("kmu-check")


@pytest.fixture(scope="module")
def quick() -> Questionnaire:
    return _latest("quick-check")
