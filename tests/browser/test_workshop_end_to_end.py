"""A whole workshop in real browsers, as a consultant runs it: three phones join by code and
answer, the dashboard follows without reloading, the answers are shown to the room, the
consensus is recorded with a note, and months later the workshop is repeated and the result
shows before and after."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.app.people import member, organisation, signed_in
from tests.browser.conftest import LiveApp, OpenedPage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# Answers a question page as one participant: the k-th real option of every choice (higher k,
# further along the scale), so three people with different k disagree. Clicks, so the page's
# scripts (follow-up questions, saving answer by answer) see what a person's tap would do.
FILL = """(k) => {
  const form = document.querySelector("form.questions");
  const visible = (el) => !el.closest("[hidden]");
  const groups = {};
  form.querySelectorAll("input[type=radio]").forEach((r) => { if (visible(r)) (groups[r.name] ||= []).push(r); });
  for (const radios of Object.values(groups)) {
    const real = radios.filter((r) => !["dont_know", "not_applicable"].includes(r.value));
    if (!radios.some((r) => r.checked)) real[Math.min(k, real.length - 1)].click();
  }
  const boxes = {};
  form.querySelectorAll("input[type=checkbox]").forEach((c) => { if (visible(c) && !c.name.endsWith("__special")) (boxes[c.name] ||= []).push(c); });
  for (const group of Object.values(boxes)) {
    if (!group.some((c) => c.checked)) group.slice(0, k + 1).forEach((c) => c.click());
  }
  form.querySelectorAll("select").forEach((s) => {
    if (visible(s) && !s.value) { s.selectedIndex = Math.min(1 + k, s.options.length - 1); s.dispatchEvent(new Event("change", {bubbles: true})); }
  });
  form.querySelectorAll("input[type=number]").forEach((n) => {
    if (visible(n) && !n.value) { n.value = "10"; n.dispatchEvent(new Event("change", {bubbles: true})); }
  });
}"""


def _arrive(page: Page, end: str) -> None:
    """Wait until the click before has led to a question page or to `end`: a busy machine may take a while."""
    page.wait_for_function("(end) => !!document.querySelector('form.questions') || location.pathname.endsWith(end)",
                           arg=end, timeout=20_000)


def _answer_all_pages(page: Page, k: int) -> None:
    """Fill every page and go on until the participant's last page (the team's picture)."""
    for _ in range(12):
        _arrive(page, "/results")
        if "/results" in page.url:
            return
        page.evaluate(FILL, k)
        page.evaluate(FILL, k)  # follow-up questions the first pass revealed
        with page.expect_navigation():  # the page may first wait for an answer still being saved on its own
            page.get_by_role("button", name=re.compile("Speichern und weiter|Meine Ergebnisse zeigen")).click()
    raise AssertionError(f"never reached the end: {page.url}")


def _join(open_page: Callable[..., OpenedPage], url: str, code: str, role: str) -> Page:
    phone = open_page(viewport=PHONE, is_mobile=True, has_touch=True).page
    phone.goto(f"{url}/w/{code}")
    phone.get_by_label(re.compile("Rolle")).fill(role)
    phone.get_by_role("button", name="Beitreten und loslegen").click()
    phone.wait_for_load_state("load")
    return phone


def _record_consensus(consultant: Page, note: str | None) -> None:
    """From the projector: walk the pre-filled pages (a note on the first question), then save with consent."""
    consultant.get_by_role("button", name="Konsens festhalten").click()
    noted = False
    for _ in range(12):
        _arrive(consultant, "/consensus/save")
        if consultant.url.endswith("/consensus/save"):
            break
        if note and not noted and consultant.locator(".consensus-note").count():
            consultant.locator(".consensus-note summary").first.click()
            consultant.locator(".consensus-note textarea").first.fill(note)
            noted = True
        consultant.evaluate(FILL, 0)  # a question the team left without a middle answer gets one
        with consultant.expect_navigation():
            consultant.get_by_role("button", name="Speichern und weiter").click()
    consultant.get_by_label(re.compile("Das Unternehmen hat zugestimmt, dass dieses Ergebnis")).check()
    consultant.get_by_role("button", name="Konsens speichern").click()
    expect(consultant.get_by_role("heading", name="Ergebnis des Workshops")).to_be_visible()


def test_a_workshop_from_join_code_to_repeat(make_live_app: Callable[..., LiveApp],
                                            open_page: Callable[..., OpenedPage], tmp_path: Any) -> None:
    served = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e2e.db'}"})
    organisation(served.app, "hub-a", "Digital Hub Anhalt")
    member(served.app, "consultant@a.de", "hub-a", "consultant")
    cookie = signed_in(served.app, "consultant@a.de").get_cookie("session")
    assert cookie is not None

    consultant = open_page(viewport=LAPTOP, bypass_csp=False).page  # the app's own CSP, as in real life
    consultant.context.add_cookies([{"name": "session", "value": cookie.value, "url": served.url}])
    consultant.goto(f"{served.url}/workshops")
    consultant.get_by_label(re.compile("Name des Unternehmens")).fill("Tischlerei Holz")
    consultant.get_by_label("Check", exact=True).select_option("quick-check")
    consultant.get_by_role("button", name="Workshop anlegen").click()
    code = consultant.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code)
    projector_url = consultant.url

    consultant.get_by_role("link", name="Dashboard").first.click()
    expect(consultant.locator(".live .attendance")).to_contain_text("0 Teilnehmende beigetreten")
    consultant.evaluate("window.notReloaded = true")

    phones = [_join(open_page, served.url, code, role) for role in ("Geschäftsführung", "Werkstatt", "Büro")]
    expect(consultant.locator(".live .attendance")).to_contain_text("3 Teilnehmende beigetreten", timeout=5000)
    for k, phone in enumerate(phones):
        _answer_all_pages(phone, k)
    expect(consultant.locator(".live .attendance")).to_contain_text("3 fertig", timeout=5000)
    expect(consultant.locator(".team-questions .meta").first).to_contain_text("Uneinigkeit", timeout=5000)
    assert consultant.evaluate("window.notReloaded") is True  # every change came in without a reload

    # Until the consultant shows the answers, the room and the phones see none of them.
    expect(phones[0].locator("main")).to_contain_text("sobald Ihre Beraterin oder Ihr Berater sie dem Raum zeigt")
    consultant.goto(projector_url)
    expect(consultant.locator("main")).to_contain_text("bleiben für den Raum verborgen")
    consultant.get_by_role("button", name="Antworten des Teams zeigen").click()
    expect(consultant.locator(".team-radar")).to_be_visible()
    phones[0].reload()
    expect(phones[0].locator(".team-questions")).to_be_visible()
    assert "Werkstatt" not in phones[0].content()  # nobody's role, nobody's own answers

    _record_consensus(consultant, "Die Strategie steht nur im Kopf des Chefs.")
    expect(consultant.locator(".workshop-notes")).to_contain_text("nur im Kopf des Chefs")

    consultant.get_by_role("button", name=re.compile("Workshop später wiederholen")).click()
    later = consultant.locator(".join-code").inner_text().strip()
    assert later != code
    for k, role in enumerate(("Geschäftsführung", "Werkstatt", "Büro")):
        _answer_all_pages(_join(open_page, served.url, later, role), k + 2)  # months later: further along
    consultant.reload()
    _record_consensus(consultant, None)
    expect(consultant.locator("main")).to_contain_text("Vorher:")  # before and after, area by area
