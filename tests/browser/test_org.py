"""An organisation's pages and a firm coming through its start page, in chromium at phone width:
axe finds nothing serious, text is at least 12 px, nothing scrolls sideways, and the share reaches the consultant."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from questionnaires import load_catalogue
from tests.app.checkflow import answer_set, form_data
from tests.app.people import invitation, organisation
from tests.browser.conftest import LiveApp, OpenedPage
from tests.browser.test_accounts import EMAIL, PHONE, Screenshot, first_sign_in, heading, readable_and_accessible

pytestmark = pytest.mark.browser


def test_start_page_sharing_and_the_organisation_pages_work_on_a_phone(
    open_page: Callable[..., OpenedPage], make_live_app: Callable[..., LiveApp], tmp_path: Path,
    screenshot: Screenshot,
) -> None:
    live = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}"}, host="localhost")
    organisation(live.app, "hub-anhalt", "Digital Hub Anhalt")
    link = f"{live.url}/invite/{invitation(live.app, EMAIL, 'hub-anhalt', 'admin')}"

    look = readable_and_accessible(screenshot)

    admin = open_page(viewport=PHONE).page
    admin.set_default_timeout(10_000)
    first_sign_in(admin, link, lambda page, name: None)
    admin.goto(f"{live.url}/org/hub-anhalt")
    admin.get_by_label("Adresse der Seite: /e/…").fill("anhalt")
    admin.get_by_role("button", name="Startseite einrichten").click()
    expect(admin.get_by_role("status")).to_contain_text("/e/anhalt")
    look(admin, "org-overview")

    firm = open_page(viewport=PHONE).page
    firm.goto(f"{live.url}/e/anhalt")
    expect(heading(firm)).to_have_text("Wie digital ist Ihr Betrieb?")
    look(firm, "entry")
    firm.get_by_role("link", name="Diesen Check starten: Quick-Check Digitalisierung").click()
    expect(firm.get_by_role("heading", name="Angeboten von Digital Hub Anhalt")).to_be_visible()
    look(firm, "consent-through-organisation")
    firm.get_by_label("Ich bin einverstanden").check()
    firm.get_by_role("button", name="Los geht’s").click()
    token = firm.url.split("/a/")[1].split("/")[0]
    answers, q = answer_set("quick-check-average"), load_catalogue().get("quick-check")
    assert q is not None
    client = live.app.test_client()  # the answers themselves: the check's own browser tests walk the pages
    for page_id in ["profile", *(p.id for p in q.question_pages)]:
        values = answers["profile"] if page_id == "profile" else answers["answers"]
        form = client.get(f"/a/{token}/{page_id}").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf is not None
        data = {**form_data("quick-check", page_id, values), "csrf_token": csrf.group(1)}
        assert client.post(f"/a/{token}/{page_id}", data=data).status_code == 303
    firm.goto(f"{live.url}/a/{token}/results")
    firm.get_by_label("Ihr Name (freiwillig)").fill("Tischlerei Holz")
    firm.get_by_label("Ich möchte, dass diese Organisation").check()
    firm.get_by_role("button", name="Ergebnis teilen").click()
    expect(firm.get_by_role("status")).to_contain_text("Ihr Ergebnis ist jetzt mit Digital Hub Anhalt geteilt")
    look(firm, "results-shared")

    admin.goto(f"{live.url}/org/hub-anhalt")
    admin.get_by_role("link", name="Tischlerei Holz").click()
    expect(heading(admin)).to_have_text("Geteiltes Ergebnis")
    look(admin, "shared-result")
    admin.goto(f"{live.url}/org/hub-anhalt/audit")
    expect(admin.get_by_role("cell", name="geteiltes Ergebnis geöffnet")).to_be_visible()
    look(admin, "security-log")
