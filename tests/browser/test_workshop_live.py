"""The dashboard keeps itself current in a real browser, under the strict CSP: a participant joins
and answers, and the page shows it within two seconds, without reloading."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.app.people import member, organisation, signed_in
from tests.browser.conftest import LiveApp, OpenedPage

pytestmark = pytest.mark.browser


def _workshop(make_live_app: Callable[..., LiveApp], tmp_path: Any, pace: str = "free") -> tuple[LiveApp, int, str]:
    """A served app with a consultant and a Quick-Check workshop of hers: the app, the workshop's id, her session cookie."""
    served = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}"})
    organisation(served.app, "hub-a", "Digital Hub Anhalt")
    member(served.app, "consultant@a.de", "hub-a", "consultant")
    with served.app.app_context():
        from app import organisations, workshops
        from app.content import catalogue
        from app.extensions import db

        hub, q = organisations.find("hub-a"), catalogue().get("quick-check")
        assert hub is not None and q is not None
        made = workshops.create(hub, None, q, "Holz", pace=pace)
        db.session.commit()
        workshop_id = made.id
    cookie = signed_in(served.app, "consultant@a.de").get_cookie("session")
    assert cookie is not None
    return served, workshop_id, cookie.value


def test_the_dashboard_shows_a_new_participant_without_reloading(
        make_live_app: Callable[..., LiveApp], open_page: Callable[..., OpenedPage], tmp_path: Any) -> None:
    served, workshop_id, cookie = _workshop(make_live_app, tmp_path)
    app = served.app
    opened = open_page(bypass_csp=False)  # the app's own CSP: the script must come from 'self'
    opened.page.context.add_cookies([{"name": "session", "value": cookie, "url": served.url}])
    opened.page.goto(f"{served.url}/workshops/{workshop_id}/dashboard")
    expect(opened.page.locator(".live .attendance")).to_contain_text("0 Teilnehmende beigetreten")
    opened.page.evaluate("window.notReloaded = true")

    with app.app_context():
        from app import workshops as ws
        from app.content import catalogue
        from app.extensions import db
        from app.models import Workshop

        q, made = catalogue().get("quick-check"), db.session.get(Workshop, workshop_id)
        assert q is not None and made is not None
        ws.join(made, q, None)
        db.session.commit()
    joined = time.monotonic()
    expect(opened.page.locator(".live .attendance")).to_contain_text("1 Teilnehmende beigetreten", timeout=2500)
    assert time.monotonic() - joined < 2.5
    assert opened.page.evaluate("window.notReloaded") is True  # swapped in, not reloaded


def test_a_led_room_moves_on_when_the_consultant_opens_the_page(
        make_live_app: Callable[..., LiveApp], open_page: Callable[..., OpenedPage], tmp_path: Any) -> None:
    """The participant's waiting page goes to the page by itself, and the projector's count follows, under the CSP."""
    served, workshop_id, cookie = _workshop(make_live_app, tmp_path, pace="led")
    app = served.app
    with app.app_context():
        from app import assessments, workshops
        from app.answering import pages
        from app.content import catalogue
        from app.extensions import db
        from app.models import Workshop

        q, made = catalogue().get("quick-check"), db.session.get(Workshop, workshop_id)
        assert q is not None and made is not None
        _participant, token = workshops.join(made, q, None)
        db.session.commit()
    phone = open_page(bypass_csp=False, viewport={"width": 390, "height": 844})
    phone.page.goto(f"{served.url}/a/{token}/processes_data")
    expect(phone.page.locator("h1")).to_have_text("Die nächste Seite öffnet sich gleich")
    projector = open_page(bypass_csp=False)
    projector.page.context.add_cookies([{"name": "session", "value": cookie, "url": served.url}])
    projector.page.goto(f"{served.url}/workshops/{workshop_id}")
    expect(projector.page.locator("[data-pace-done]")).to_have_text("0 von 1 sind mit dieser Seite fertig")

    with app.app_context():  # the participant sends the open page: the count on the projector follows
        found = assessments.find(token)
        assert found is not None
        assessments.mark_page_done(found, "strategy_customers", pages(q))
        db.session.commit()
    expect(projector.page.locator("[data-pace-done]")).to_have_text("1 von 1 ist mit dieser Seite fertig", timeout=2500)
    projector.page.get_by_role("button", name="Nächste Seite öffnen: Abläufe und Daten").click()
    expect(projector.page.locator(".pace-title")).to_have_text("Abläufe und Daten")
    expect(phone.page.locator("h1")).to_have_text("Abläufe und Daten", timeout=3500)  # polled every 2 s
