"""Answers saved as they are given, on a phone, under the app's own CSP: without pressing "Next",
with a follow-up question that comes and goes, through a lost network, and stored once.

Uses the small questionnaire of tests/app/followups/: the area "Werkzeuge" asks for rules on
AI once AI is used, the area "Papier" for a number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_followups import FOLDER
from tests.browser.conftest import LiveApp, OpenedPage
from tests.browser.test_check import start_check

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SAVED = "Gespeichert"
OFFLINE = "Offline – wird gespeichert, sobald das Netz zurück ist"


def _answers(app: Any, token: str) -> tuple[dict[str, Any], list[str]]:
    from app.assessments import find

    with app.app_context():
        found = find(token)
        assert found is not None
        return dict(found.answers), list(found.pages_done)


def test_answers_are_saved_as_given_and_survive_a_lost_network(
        make_live_app: Callable[..., LiveApp], open_page: Callable[..., OpenedPage], tmp_path: Path,
        screenshot: Callable[[Page, str], Path | None]) -> None:
    served = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}",
                            "DIGICHECK_QUESTIONNAIRES": str(FOLDER)})
    page = open_page(bypass_csp=False, viewport=PHONE).page  # the app's CSP: the script must come from 'self'
    start_check(page, served.url, "Folgefragen-Check")
    token = page.url.split("/")[-2]
    page.goto(f"{served.url}/a/{token}/tools")
    use, rules = page.locator("#field-ai_use"), page.locator("#field-ai_rules")

    use.get_by_label("Regelmäßig").check()
    expect(use.locator(".save-status")).to_have_text(SAVED)
    rules.get_by_label("Teilweise").check()  # the follow-up the first answer called for
    expect(rules.locator(".save-status")).to_have_text(SAVED)
    page.reload()  # never pressed "Next"
    expect(use.get_by_label("Regelmäßig")).to_be_checked()
    expect(rules.get_by_label("Teilweise")).to_be_checked()

    use.get_by_label("Nein").check()  # hides the follow-up: the server drops its answer
    expect(use.locator(".save-status")).to_have_text(SAVED)
    assert _answers(served.app, token)[0] == {"ai_use": "none"}
    use.get_by_label("Regelmäßig").check()  # back again, still ticked: saved again
    expect(rules.locator(".save-status")).to_have_text(SAVED)
    assert _answers(served.app, token)[0] == {"ai_use": "regular", "ai_rules": "partly"}

    page.context.set_offline(True)
    rules.get_by_label("Ja").check()
    expect(rules.locator(".save-status")).to_have_text(OFFLINE)
    assert _answers(served.app, token)[0]["ai_rules"] == "partly"
    page.context.set_offline(False)
    expect(rules.locator(".save-status")).to_have_text(SAVED)
    screenshot(page, "phone-saved")
    page.reload()
    expect(rules.get_by_label("Ja")).to_be_checked()
    assert _answers(served.app, token) == ({"ai_use": "regular", "ai_rules": "yes"}, [])  # once; no page done

    page.goto(f"{served.url}/a/{token}/paper")
    page.locator("[name=paper_share]").fill("40")  # typed, never left: saved after a pause in typing
    expect(page.locator("#field-paper_share .save-status")).to_have_text(SAVED)
    assert _answers(served.app, token)[0]["paper_share"] == 40
