"""The radar on the results page as a phone and a desktop show it: rings at the questionnaire's
levels, named, legible (at least 12 px) and never on top of each other or of the data line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.app.checkflow import answer_set
from tests.browser.conftest import OpenedPage
from tests.browser.test_check import answer_until_results, start_check
from tests.reports.test_radar import segment_hits_box

pytestmark = pytest.mark.browser

Screenshot = Callable[[Page, str], Path | None]
LEVEL_NAMES = ["Entdecker", "Anwender", "Fortgeschritten", "Vorreiter"]

# Every text of the visible radar SVG: its rendered font size and box; the series' outlines.
MEASURE = """svg => {
  const texts = [...svg.querySelectorAll("text")].filter(t => t.getBBox().width > 0).map(t => {
    const size = parseFloat(t.getAttribute("font-size") || t.closest("[font-size]").getAttribute("font-size"));
    const r = t.getBoundingClientRect();
    return {text: t.textContent, group: t.closest("g").getAttribute("class"),
            px: size * t.getScreenCTM().a, box: [r.left, r.top, r.right, r.bottom]};
  });
  const lines = [...svg.querySelectorAll(".radar-series .radar-line, .radar-series circle")].map(shape => {
    const m = shape.getScreenCTM();
    const at = (x, y) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
    if (shape.tagName === "circle") {
      const c = at(shape.cx.baseVal.value, shape.cy.baseVal.value), r = shape.r.baseVal.value * m.a;
      return {circle: [c[0], c[1], r]};
    }
    return {points: [...shape.points].map(p => at(p.x, p.y))};
  });
  const ticks = svg.querySelector(".radar-ticks"), series = [...svg.querySelectorAll(".radar-series")];
  const ticks_on_top = series.every(g => g.compareDocumentPosition(ticks) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {texts, lines, ticks_on_top};
}"""


def overlap(a: list[float], b: list[float]) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def crosses_data(box: list[float], lines: list[dict[str, Any]]) -> bool:
    for shape in lines:
        if "circle" in shape:
            cx, cy, r = shape["circle"]
            nearest_x, nearest_y = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
            if (nearest_x - cx) ** 2 + (nearest_y - cy) ** 2 < r * r:
                return True
            continue
        ring = shape["points"] + shape["points"][:1]
        if any(segment_hits_box(a, b, box) for a, b in zip(ring, ring[1:])):
            return True
    return False


def check_radar_svg(page: Page) -> list[str]:
    """Problems a reader would see in the radar SVG that is on screen."""
    svg = page.locator("#radar svg.radar:visible").first
    found = svg.evaluate(MEASURE)
    texts, problems = found["texts"], []
    problems += [f"{t['text']!r} is {t['px']:.1f} px" for t in texts if t["px"] < 11.95]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if overlap(a["box"], b["box"]):
                problems.append(f"{a['text']!r} overlaps {b['text']!r}")
    rings = [t for t in texts if t["group"] == "radar-ticks"]
    if any(crosses_data(t["box"], found["lines"]) for t in rings) and not found["ticks_on_top"]:
        problems.append("a ring label sits under the data line")
    if [t["text"] for t in rings] != LEVEL_NAMES:
        problems.append(f"ring labels are {[t['text'] for t in rings]}")
    return problems


@pytest.mark.parametrize("case", ["quick-check-average", "quick-check-leader"])
def test_on_a_phone_the_radar_names_its_rings_legibly_and_nothing_overlaps(
    open_page: Callable[..., OpenedPage], live_server: str, screenshot: Screenshot, case: str
) -> None:
    page = open_page(viewport={"width": 360, "height": 740}).page
    start_check(page, live_server, "Quick-Check Digitalisierung")
    answer_until_results(page, answer_set(case))
    expect(page.locator("#radar svg.radar:visible")).to_have_count(1)
    screenshot(page, "phone")
    assert check_radar_svg(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_on_a_desktop_both_charts_name_the_rings_after_the_levels(page: Page, live_server: str,
                                                                  screenshot: Screenshot) -> None:
    start_check(page, live_server, "Quick-Check Digitalisierung")
    answer_until_results(page, answer_set("quick-check-average"))
    radar = page.locator("#radar")
    expect(radar.locator(".radar-interactive .main-svg").first).to_be_visible()
    screenshot(page, "desktop")
    texts = radar.locator(".radar-interactive text").evaluate_all("ts => ts.map(t => t.textContent)")
    assert [t for t in texts if t in LEVEL_NAMES] == LEVEL_NAMES, texts
    boxes = radar.locator(".radar-interactive text").evaluate_all(
        "ts => ts.filter(t => t.textContent.trim()).map(t => { const r = t.getBoundingClientRect();"
        " return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize), box: [r.left, r.top, r.right, r.bottom]}; })")
    assert [b["text"] for b in boxes if b["px"] < 11.95] == []
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlap(a["box"], b["box"])]
    assert clashes == []
    # Without Plotly (as in the PDF) the SVG draws the same rings.
    page.evaluate("document.getElementById('radar').classList.remove('enhanced')")
    assert check_radar_svg(page) == []
