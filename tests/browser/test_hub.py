"""A hub analyst, invited from the command line, signs in and reads the portal in a real browser:
the chart is drawn (Plotly from this app, under the strict CSP), the tables are readable and
accessible, and the CSV and Excel downloads work."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app import aggregates, organisations
from app.extensions import db
from tests.app.hubdata import Firm, store_firms
from tests.app.people import organisation
from tests.browser.conftest import LiveApp, OpenedPage
from tests.browser.test_accounts import EMAIL, Screenshot, first_sign_in, readable_and_accessible

pytestmark = pytest.mark.browser


def test_an_invited_analyst_reads_the_portal_and_downloads_its_tables(
        make_live_app: Callable[..., LiveApp], open_page: Callable[..., OpenedPage], tmp_path: Path,
        screenshot: Screenshot) -> None:
    live = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hub.db'}"}, host="localhost")
    organisation(live.app, "hub-anhalt", "Digital Hub Anhalt")
    with live.app.app_context():
        hub = organisations.find("hub-anhalt")
        assert hub is not None
        hub.states = ["st"]
        store_firms([Firm(industry=i, state="st") for i in ("manufacturing", "construction", "trade") for _ in range(12)])
        aggregates.close_quarter("2026-Q3", now=datetime(2026, 12, 3, tzinfo=timezone.utc))
        db.session.commit()
    invited = live.app.test_cli_runner().invoke(
        args=["accounts", "invite", EMAIL, "--organisation", "hub-anhalt", "--role", "analyst"])
    assert invited.exit_code == 0, invited.output
    token = re.search(r"/invite/(\S+)", invited.output).group(1)  # type: ignore[union-attr]

    look = readable_and_accessible(screenshot)
    page = open_page(bypass_csp=False).page  # the portal's own CSP: Plotly must come from this app
    first_sign_in(page, f"{live.url}/invite/{token}", lambda p, name: None)
    page.goto(f"{live.url}/hub")
    expect(page).to_have_url(re.compile(r"/hub/hub-anhalt$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital Hub Anhalt")
    expect(page.locator("#hub-chart.drawn .main-svg").first).to_be_visible(timeout=10000)
    expect(page.locator("main")).to_contain_text("Ihre Betriebe nach Bereichen, 2026-Q3")
    expect(page.locator("main")).to_contain_text("Verarbeitendes Gewerbe")

    checked = open_page().page  # axe is injected as a script, so this look bypasses the CSP
    checked.context.add_cookies(page.context.cookies())
    checked.goto(f"{live.url}/hub/hub-anhalt")
    look(checked, "hub-portal")

    with page.expect_download() as csv_file:
        page.get_by_role("link", name="CSV").nth(1).click()  # by industry
    assert csv_file.value.suggested_filename == "hub-anhalt-quick-check-2026-Q3-industry.csv"
    text = Path(csv_file.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("industry,n,area,median") and "Verarbeitendes Gewerbe" in text
    with page.expect_download() as xlsx_file:
        page.get_by_role("link", name="Excel").first.click()
    assert Path(xlsx_file.value.path()).read_bytes()[:2] == b"PK"
