"""A business owner takes the check in chromium: consent, pages, resume, language, results.

Runs against SQLite and, where PostgreSQL is configured (CI), against PostgreSQL too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.app.checkflow import answer_set
from tests.browser.conftest import OpenedPage, axe_violations, format_violations

pytestmark = pytest.mark.browser

Screenshot = Callable[[Page, str], Path | None]


def fill_page(page: Page, values: dict[str, Any]) -> None:
    """Answer the questions on the current page the way a person clicks and types."""
    for qid in page.eval_on_selector_all("fieldset.question", "els => els.map(e => e.id.slice(6))"):
        if qid not in values:
            continue
        value = values[qid]
        if isinstance(value, list):
            for option in value:
                page.locator(f"input[name='{qid}'][value='{option}']").check()
        elif page.locator(f"input[type=radio][name='{qid}'][value='{value}']").count():
            page.locator(f"input[type=radio][name='{qid}'][value='{value}']").check()
        else:
            page.locator(f"[name='{qid}']").fill(str(value))


def start_check(page: Page, base: str, title: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name=f"Diesen Check starten: {title}").click()
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Los geht’s").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Über Ihren Betrieb")


def go_on(page: Page) -> None:
    """Press "Save and continue" and wait for the next page: with JavaScript the page first waits for
    an answer still being saved on its own (static/js/answer-save.js), so the old page can linger."""
    with page.expect_navigation():
        page.locator("button[value=next]").click()


def answer_until_results(page: Page, case: dict[str, Any]) -> None:
    while "/results" not in page.url:
        profile = page.url.endswith("/profile")
        fill_page(page, case["profile"] if profile else case["answers"])
        go_on(page)


def test_quick_check_in_german_with_chart(page: Page, live_server_db: str, screenshot: Screenshot) -> None:
    case = answer_set("quick-check-average")
    start_check(page, live_server_db, "Quick-Check Digitalisierung")
    expect(page.get_by_text("Seite 1 von 4")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    answer_until_results(page, case)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Ergebnisse")
    expect(page.locator(".overall-level")).to_contain_text("Anwender")
    radar = page.locator("#radar")
    expect(radar.locator("> svg[role=img]")).to_have_count(1)
    expect(radar).to_have_class(re.compile("enhanced"))  # Plotly drew the interactive chart
    expect(radar.locator(".radar-interactive .main-svg").first).to_be_visible()
    expect(page.get_by_role("heading", name="Ihre nächsten Schritte")).to_be_visible()
    expect(page.get_by_role("heading", name="Wer Ihnen helfen kann")).to_be_visible()
    screenshot(page, "results")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_full_check_resumed_from_the_link_and_finished_in_english(
    open_page: Callable[..., OpenedPage], live_server_db: str, screenshot: Screenshot
) -> None:
    case = answer_set("kmu-check-plumber-76")
    first = open_page().page
    start_check(first, live_server_db, "Digitalisierungs-Check für kleine und mittlere Unternehmen")
    for _ in range(3):  # profile, strategy, customers
        fill_page(first, case["profile"] if first.url.endswith("/profile") else case["answers"])
        go_on(first)
    link = first.locator(".link-box code").inner_text()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/a/[A-Za-z0-9_-]{32}", link)

    later = open_page().page  # a fresh browser: no cookies, only the link
    later.goto(link)
    expect(later.get_by_role("heading", level=1)).to_have_text("Prozesse und Organisation")
    expect(later.get_by_text("Seite 4 von 10")).to_be_visible()
    later.get_by_role("link", name="English").click()
    expect(later.locator("html")).to_have_attribute("lang", "en")
    expect(later.get_by_role("heading", level=1)).to_have_text("Processes and organisation")
    answer_until_results(later, case)
    expect(later.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(later.get_by_role("heading", name="Your next steps")).to_be_visible()
    expect(later.get_by_text("Mittelstand-Digital Zentrum Handwerk")).to_be_visible()
    expect(later.locator("#radar > svg")).to_have_count(1)
    screenshot(later, "results-en")


def test_errors_are_announced_and_reachable_by_keyboard(page: Page, live_server: str) -> None:
    start_check(page, live_server, "Digitalisierungs-Check für kleine und mittlere Unternehmen")
    fill_page(page, answer_set("kmu-check-average")["profile"])
    page.locator("button[value=next]").click()
    for _ in range(2):  # strategy and customers, skipped
        page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prozesse und Organisation")
    page.locator("[name=invoices_digital_share]").fill("viele")
    page.locator("button[value=next]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(page.locator("#invoices_digital_share")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#field-invoices_digital_share"
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_the_check_works_without_javascript(open_page: Callable[..., OpenedPage], live_server: str) -> None:
    page = open_page(java_script_enabled=False).page
    start_check(page, live_server, "Quick-Check Digitalisierung")
    answer_until_results(page, answer_set("quick-check-leader"))
    expect(page.locator(".overall-level")).to_contain_text("Vorreiter")
    expect(page.locator("#radar > svg")).to_be_visible()


def test_phone_width_and_keyboard_only(open_page: Callable[..., OpenedPage], live_server: str) -> None:
    page = open_page(viewport={"width": 360, "height": 740}).page
    start_check(page, live_server, "Quick-Check Digitalisierung")
    page.wait_for_load_state("load")  # before its stylesheet applies, any page is wider than it will be
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # keyboard only: move to the first answer of the first profile question and choose it
    page.locator("input[name=industry]").first.focus()
    page.keyboard.press("Space")
    expect(page.locator("input[name=industry]").first).to_be_checked()


def test_phones_keep_the_svg_and_never_download_plotly(open_page: Callable[..., OpenedPage], live_server: str) -> None:
    opened = open_page(viewport={"width": 360, "height": 740})
    start_check(opened.page, live_server, "Quick-Check Digitalisierung")
    answer_until_results(opened.page, answer_set("quick-check-average"))
    expect(opened.page.locator("#radar .radar-phone > svg")).to_be_visible()
    expect(opened.page.locator("#radar .radar-key li").first).to_be_visible()
    opened.page.wait_for_timeout(300)
    assert not any("plotly" in request for request in opened.log.requests)


def test_follow_up_questions_appear_while_answering(page: Page, live_server: str) -> None:
    """'Rules for AI' only applies when AI is used; the page shows it as soon as that is answered."""
    start_check(page, live_server, "Digitalisierungs-Check für kleine und mittlere Unternehmen")
    fill_page(page, answer_set("kmu-check-average")["profile"])
    page.locator("button[value=next]").click()
    page.goto(page.url.rsplit("/", 1)[0] + "/data_ai")
    rules = page.locator("#field-ai_rules")
    expect(rules).to_be_hidden()
    page.locator("input[name=ai_use][value=trying]").check()
    expect(rules).to_be_visible()
    page.locator("input[name=ai_use][value=none]").check()
    expect(rules).to_be_hidden()
