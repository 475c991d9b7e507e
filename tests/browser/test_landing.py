"""The landing page as a visitor meets it in chromium: German, self-contained, accessible, phone-sized."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import OpenedPage, PageLog, axe_violations, format_violations

pytestmark = pytest.mark.browser

Screenshot = Callable[[Page, str], Path | None]
TITLES = ("Digitalisierungs-Check für kleine und mittlere Unternehmen", "Quick-Check Digitalisierung")


def test_landing_shows_the_checks_in_german(
    page: Page, page_log: PageLog, live_server: str, screenshot: Screenshot
) -> None:
    response = page.goto(live_server + "/")
    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie digital ist Ihr Betrieb?")
    for title in TITLES:
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    screenshot(page, "desktop")
    assert page_log.requests, "the guard saw no requests at all"
    assert page_log.foreign == []
    assert page_log.console_errors() == []


def test_landing_has_no_serious_accessibility_problems(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


def test_landing_fits_a_phone_without_sideways_scrolling(
    open_page: Callable[..., OpenedPage], live_server: str, screenshot: Screenshot
) -> None:
    page = open_page(viewport={"width": 360, "height": 740}).page
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name=TITLES[0], exact=True)).to_be_visible()
    screenshot(page, "phone")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"the page is {scroll_width}px wide on a 360px screen"


def test_first_tab_reaches_the_skip_link(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_content_security_policy_is_sent_and_nothing_violates_it(
    open_page: Callable[..., OpenedPage], live_server: str
) -> None:
    # A normal context: here the CSP is enforced (the `page` fixture bypasses it for axe).
    opened = open_page(bypass_csp=False)
    page, log = opened.page, opened.log
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(live_server + "/")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert page.evaluate("window.__cspViolations") == []
    assert [text for text in log.console_errors() if "Content Security Policy" in text] == []

    # The check can fail: an inline script is refused, reported, and never runs.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__inlineRan = true'; document.head.append(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__inlineRan === undefined")


def test_requests_to_other_hosts_are_stopped_and_reported(page: Page, page_log: PageLog, live_server: str) -> None:
    """The guard behind every page: a request to another host is aborted and recorded."""
    page.goto(live_server + "/")
    outcome = page.evaluate("() => fetch('http://example.com/pixel.gif').then(() => 'sent', () => 'blocked')")
    assert outcome == "blocked"
    assert page_log.foreign == ["http://example.com/pixel.gif"]
    page_log.foreign.clear()  # seen and expected; otherwise the fixture fails the test at teardown
