"""Follow-up questions on the same page and "Back", in chromium with and without JavaScript.

Uses the small questionnaire of tests/app/followups/: the profile asks whether a
construction business is a craft business, the first area asks for rules on AI once AI
is used, the second area asks for a number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.app.test_followups import FOLDER
from tests.browser.conftest import OpenedPage, axe_violations, format_violations
from tests.browser.test_check import start_check

pytestmark = pytest.mark.browser
TITLE = "Folgefragen-Check"


@pytest.fixture
def followups_server(make_live_server: Callable[..., str], tmp_path: Path) -> str:
    return make_live_server({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}",
                             "DIGICHECK_QUESTIONNAIRES": str(FOLDER)})


def test_follow_ups_appear_live_and_back_keeps_invalid_input_for_later(page: Page, followups_server: str) -> None:
    start_check(page, followups_server, TITLE)
    crafts = page.locator("#field-crafts_business")
    expect(crafts).to_be_hidden()
    page.get_by_label("Bau und Ausbau").check()
    expect(crafts).to_be_visible()
    expect(crafts.locator("legend")).to_contain_text("(Pflichtfrage)")
    page.get_by_label("Handel").check()
    expect(crafts).to_be_hidden()
    page.get_by_label("Bau und Ausbau").check()
    crafts.get_by_label("Ja").check()
    page.locator("button[value=next]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Werkzeuge")
    rules = page.locator("#field-ai_rules")
    expect(rules).to_be_hidden()
    page.get_by_label("Regelmäßig").check()
    expect(rules).to_be_visible()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    page.locator("button[value=next]").click()  # seen but not answered: an ordinary missing answer
    expect(page.locator(".error-summary")).to_contain_text("Gibt es Regeln für den Umgang mit KI?")
    page.locator("#field-ai_rules").get_by_label("Teilweise").check()
    page.locator("button[value=next]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Papier")
    page.locator("[name=paper_share]").fill("die Hälfte")
    page.locator("button[value=back]").click()  # goes back although the number is not one
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkzeuge")
    expect(page.get_by_label("Regelmäßig")).to_be_checked()
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papier")
    expect(page.locator("[name=paper_share]")).to_have_value("die Hälfte")
    expect(page.locator("[name=paper_share]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("[name=paper_share]").fill("50")
    page.locator("#field-scanner").get_by_label("Ja").check()
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Menschen")
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Ergebnisse")


def test_without_javascript_the_page_comes_back_with_its_follow_up(
    open_page: Callable[..., OpenedPage], followups_server: str, screenshot: Callable[[Page, str], Path | None]
) -> None:
    page = open_page(java_script_enabled=False, viewport={"width": 360, "height": 740}).page
    start_check(page, followups_server, TITLE)
    expect(page.locator("#field-crafts_business")).to_be_hidden()
    page.get_by_label("Bau und Ausbau").check()
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Über Ihren Betrieb")  # not on to the next page
    expect(page.locator(".notice")).to_contain_text("eine weitere Frage")
    expect(page.locator(".error-summary")).to_have_count(0)
    crafts = page.locator("#field-crafts_business")
    expect(crafts).to_be_visible()
    expect(page.get_by_label("Bau und Ausbau")).to_be_checked()
    screenshot(page, "phone-note")
    crafts.get_by_label("Nein").check()
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkzeuge")
    page.get_by_label("Regelmäßig").check()
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkzeuge")
    page.locator("#field-ai_rules").get_by_label("Ja").check()
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papier")
