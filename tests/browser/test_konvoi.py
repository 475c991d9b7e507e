"""A Konvoi in the browser: an organiser and three firms on their phones, two rounds, three sharing choices.

Four more firms are made through the service layer (they share their points), so that the
group's medians appear; what each of the three browser firms and the organiser see is then
checked against what each chose to share.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from app import konvois
from app.extensions import db
from app.models import Konvoi
from tests.app.konvoidata import CASES, finish, join_many
from tests.app.people import member, organisation, signed_in
from tests.browser.conftest import LiveApp, OpenedPage, axe_violations, format_violations
from tests.browser.test_workshop_end_to_end import LAPTOP, PHONE, _answer_all_pages

pytestmark = pytest.mark.browser


def _join(phone: Page, link: str, name: str, email: str = "") -> str:
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Konvoi Altmark")
    phone.get_by_label(re.compile("Ihr Name in der Gruppe")).fill(name)
    if email:
        phone.get_by_label(re.compile("E-Mail-Adresse für die Rundenmails")).fill(email)
        phone.get_by_label(re.compile("Ja, schicken Sie mir eine E-Mail")).check()
    phone.get_by_label(re.compile("Ich habe gelesen")).check()
    phone.get_by_role("button", name="Beitreten").click()
    expect(phone.get_by_role("status")).to_contain_text("Willkommen im Konvoi")
    assert re.search(r"/m/[A-Za-z0-9_-]{32}$", phone.url)
    return phone.url


def _take_round(phone: Page, own: str, number: int, k: int) -> None:
    phone.goto(own)
    phone.locator(f"#round-{number}").get_by_role("button", name=re.compile("Check dieser Runde")).click()
    if number > 1:  # the first round's profile is carried forward: straight to the questions
        assert "/profile" not in phone.url
    _answer_all_pages(phone, k)


def _share(phone: Page, own: str, number: int, choice: str, note: str = "") -> None:
    phone.goto(own)
    card = phone.locator(f"#round-{number}")
    card.get_by_label(choice).check()
    if note:
        card.get_by_label("Was wir seit der letzten Runde getan haben").fill(note)
    card.get_by_role("button", name="Speichern, was die Gruppe sieht").click()
    expect(phone.get_by_role("status")).to_contain_text(f"Das sieht die Gruppe von Runde {number}")


def _card(page: Page, name: str) -> Any:
    return page.locator("article.konvoi-member").filter(has=page.get_by_role("heading", name=name, exact=True))


def test_a_konvoi_through_two_rounds(make_live_app: Callable[..., LiveApp], open_page: Callable[..., OpenedPage],
                                     tmp_path: Any) -> None:
    served = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'konvoi.db'}"})
    organisation(served.app, "hub-st", "Digital Hub Sachsen-Anhalt")
    member(served.app, "berater@st.de", "hub-st", "consultant")
    cookie = signed_in(served.app, "berater@st.de").get_cookie("session")
    assert cookie is not None

    organiser = open_page(viewport=LAPTOP, bypass_csp=False).page
    organiser.context.add_cookies([{"name": "session", "value": cookie.value, "url": served.url}])
    organiser.goto(f"{served.url}/konvois")
    organiser.get_by_label("Name des Konvois").fill("Konvoi Altmark")
    organiser.get_by_label("Check", exact=True).select_option("quick-check")
    organiser.get_by_label("Erste Runde beginnt am").fill("2027-03-01")
    organiser.get_by_label("Anzahl der Runden").fill("2")
    organiser.get_by_role("button", name="Konvoi anlegen").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Konvoi Altmark")
    link = organiser.locator(".join-address code").inner_text().strip()
    board = organiser.url

    phones = [open_page(viewport=PHONE, is_mobile=True, has_touch=True).page for _ in range(3)]
    own = [_join(phones[0], link, "Bäckerei aus Stendal", "info@baeckerei.example"),
           _join(phones[1], link, "Tischlerei Müller"), _join(phones[2], link, "Elektro Schulze")]
    assert phones[0].evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than a phone

    organiser.goto(board)
    organiser.get_by_role("button", name="Jetzt öffnen").first.click()
    expect(organiser.get_by_role("status")).to_contain_text("Runde 1 ist offen; 1 Mitglied bekommt eine Mail")
    for k, phone in enumerate(phones):
        _take_round(phone, own[k], 1, k)
    _share(phones[0], own[0], 1, "Unsere Punkte je Bereich (und die Stufe)", "Umsatz > Vorjahr, Rechnungen digital")
    _share(phones[1], own[1], 1, "Unsere Stufe je Bereich", "Zeiterfassung per App")
    _share(phones[2], own[2], 1, "Nur, dass wir teilgenommen haben", "geheim")

    with served.app.test_request_context():  # four more firms share their points: five in all
        konvoi = db.session.scalars(db.select(Konvoi)).one()
        for i, (m, _key) in enumerate(join_many(konvoi, [f"Firma {i}" for i in range(4)])):
            finish(m, konvoi, 1, CASES[i])
            konvois.share(m, konvoi.rounds[0], "scores", "", "")
        db.session.commit()

    # The organiser: the group's medians, and of each firm only what it shared.
    organiser.goto(board)
    group = organiser.locator("section[aria-labelledby=group-heading]")
    expect(group.locator("tbody tr").nth(0)).to_contain_text("7")  # took part
    expect(group.locator("tbody tr").nth(1)).to_contain_text("5")  # shared their points
    expect(group.locator("tbody tr").nth(2).locator("td").first).to_have_text(re.compile(r"^\d+,\d$"))
    expect(_card(organiser, "Bäckerei aus Stendal")).to_contain_text("Umsatz > Vorjahr, Rechnungen digital")
    expect(_card(organiser, "Tischlerei Müller").locator("tbody")).not_to_contain_text(re.compile(r"\d,\d"))  # no points
    expect(_card(organiser, "Elektro Schulze")).to_contain_text("hat teilgenommen")
    expect(organiser.locator("main")).not_to_contain_text("geheim")
    checker = open_page(viewport=LAPTOP).page  # axe is a script of its own: only where the CSP is bypassed
    checker.context.add_cookies([{"name": "session", "value": cookie.value, "url": served.url}])
    checker.goto(board)
    violations = axe_violations(checker)
    assert not violations, format_violations(violations)

    # A member sees the same of the others, and everything of its own.
    phones[2].goto(own[2])
    expect(_card(phones[2], "Tischlerei Müller")).to_contain_text("Zeiterfassung per App")
    expect(phones[2].locator("#round-1 .konvoi-own")).to_contain_text(re.compile(r"\d+,\d"))  # its own points
    violations = axe_violations(phones[2])
    assert not violations, format_violations(violations)

    # Round 2: the bakery takes it from the questions on; the joinery takes back what it shared.
    organiser.goto(board)
    organiser.get_by_role("button", name="Jetzt öffnen").first.click()
    expect(organiser.get_by_role("status")).to_contain_text("Runde 2 ist offen")
    _take_round(phones[0], own[0], 2, 2)
    _share(phones[0], own[0], 2, "Unsere Punkte je Bereich (und die Stufe)")
    _share(phones[1], own[1], 1, "Nur, dass wir teilgenommen haben")
    phones[0].goto(own[0])
    expect(phones[0].locator("#round-1 .konvoi-own")).to_be_visible()
    expect(phones[0].locator("#round-2 .konvoi-own")).to_be_visible()  # its progress over both rounds
    expect(_card(phones[0], "Tischlerei Müller")).not_to_contain_text("Zeiterfassung")
    expect(_card(phones[0], "Tischlerei Müller")).to_contain_text("hat teilgenommen")
    organiser.goto(board)
    expect(organiser.locator("section[aria-labelledby=rounds-heading] tbody tr").nth(1)).to_contain_text("1 / 7")
