"""An invited consultant in chromium: invitation, password, authenticator app, a passkey, and signing in with it.

The site is served as http://localhost:<port>: passkeys are bound to a domain (never an IP
address), and DIGICHECK_WEBAUTHN_RP_ID defaults to localhost. The passkey is made by
chromium's virtual authenticator (WebAuthn over the DevTools protocol), a device that
verifies its user the way a fingerprint reader would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from passlib.totp import TOTP
from playwright.sync_api import Page, expect

from tests.app.people import PASSWORD, invitation, organisation
from tests.browser.conftest import LiveApp, OpenedPage, axe_violations, format_violations

pytestmark = pytest.mark.browser

EMAIL = "beraterin@example.de"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
Screenshot = Callable[[Page, str], Path | None]
# Called on every page a person sees on the way, with a short name for it.
Look = Callable[[Page, str], None]

# The smallest computed font size of any element that shows text of its own, and whether the page
# is wider than the window (a phone would scroll sideways).
MEASURE = """() => {
    let smallest = Infinity, where = "";
    for (const el of document.querySelectorAll("body *")) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
            || ["INPUT", "BUTTON", "SELECT"].includes(el.tagName);
        if (!own || !el.getClientRects().length || el.closest(".visually-hidden, .skip-link")) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < smallest) { smallest = size; where = el.tagName + " " + el.textContent.trim().slice(0, 40); }
    }
    return {smallest, where, overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def readable_and_accessible(screenshot: Screenshot) -> Look:
    """A look at a page as a person on this screen sees it: screenshot, text at least 12 px, no sideways
    scrolling, nothing serious for axe. Measured once the page has loaded: before its stylesheets
    apply, a page is wider than it will be."""

    def look(page: Page, name: str) -> None:
        page.wait_for_load_state("load")
        screenshot(page, name)
        measured = page.evaluate(MEASURE)
        assert measured["overflow"] <= 0, f"{name}: {measured['overflow']} px wider than the window"
        assert measured["smallest"] >= 12, f"{name}: {measured['smallest']} px text ({measured['where']})"
        violations = axe_violations(page)
        assert not violations, f"{name}: " + format_violations(violations)

    return look


def consultant_site(make_live_app: Callable[..., LiveApp], tmp_path: Path) -> tuple[str, str]:
    """An operator-made organisation and an invitation for a consultant; the site and the invitation link."""
    live = make_live_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}"}, host="localhost")
    organisation(live.app, "hub-anhalt", "Digital Hub Anhalt")
    token = invitation(live.app, EMAIL, "hub-anhalt", "consultant")
    return live.url, f"{live.url}/invite/{token}"


def virtual_authenticator(page: Page) -> Callable[[], list[dict[str, Any]]]:
    """A platform authenticator (like a laptop's fingerprint reader) that always verifies its user.

    Returns a function listing the passkeys it holds (keep it: the authenticator lives with its session).
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    return lambda: list(cdp.send("WebAuthn.getCredentials", {"authenticatorId": added["authenticatorId"]})["credentials"])


def heading(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def sign_in_with_password(page: Page) -> None:
    expect(heading(page)).to_have_text("Anmelden")
    page.get_by_label("E-Mail-Adresse").fill(EMAIL)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()


def sign_out(page: Page, base: str) -> None:
    """Signs out (the site's front page follows) and opens the sign-in page."""
    page.get_by_role("button", name="Abmelden", exact=True).click()
    expect(heading(page)).to_have_text("Wie digital ist Ihr Betrieb?")
    page.goto(base + "/login")
    expect(heading(page)).to_have_text("Anmelden")


def first_sign_in(page: Page, link: str, look: Look) -> str:
    """From the invitation to the account page: password chosen, authenticator app set up. Returns its key."""
    page.goto(link)
    expect(heading(page)).to_have_text("Einladung zu digicheck")
    expect(page.get_by_text("Digital Hub Anhalt")).to_be_visible()
    look(page, "invitation")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Konto ist eingerichtet")
    look(page, "login")
    sign_in_with_password(page)
    expect(heading(page)).to_have_text("Authenticator-App einrichten")
    page.get_by_role("button", name="QR-Code anzeigen").click()
    expect(page.get_by_role("img", name="Zwei-Faktor-Authentisierungscode")).to_be_visible()
    look(page, "tf-setup")
    key = page.locator("#authr-key").inner_text().replace("-", "")
    page.get_by_label("Authentisierungscode").fill(TOTP(key=key).generate().token)
    page.get_by_role("button", name="Mit Authentisierungscode bestätigen").click()
    expect(heading(page)).to_have_text("Ihr Konto")
    expect(page).to_have_url(re.compile(r"/account$"))
    look(page, "account")
    return key


def add_passkey(page: Page, look: Look) -> None:
    page.get_by_role("link", name="Passkeys hinzufügen oder entfernen").click()
    expect(heading(page)).to_have_text("Passkey hinzufügen")
    look(page, "wan-register")
    page.get_by_label("Name des Passkeys").fill("Laptop")
    page.get_by_label("Allein anmelden (ohne Passwort und Code)").check()
    page.get_by_role("button", name="Passkey hinzufügen").click()
    expect(heading(page)).to_have_text("Ihr Konto")
    expect(page.locator("#passkeys-heading + p + ul")).to_have_text("Laptop")


def sign_in_with_passkey(page: Page, look: Look) -> None:
    page.get_by_role("button", name="Mit einem Passkey anmelden").click()
    expect(heading(page)).to_have_text("Mit einem Passkey anmelden")
    look(page, "wan-signin")
    page.get_by_role("button", name="Mit einem Passkey anmelden").click()
    expect(heading(page)).to_have_text("Ihr Konto")
    expect(page).to_have_url(re.compile(r"/account$"))


def test_an_invited_consultant_signs_in_with_a_passkey_under_the_strict_policy(
    open_page: Callable[..., OpenedPage], make_live_app: Callable[..., LiveApp], tmp_path: Path
) -> None:
    """No password, no code: the passkey alone signs in; every script runs under script-src 'self' + nonce."""
    base, link = consultant_site(make_live_app, tmp_path)
    opened = open_page(bypass_csp=False)
    page = opened.page
    page.set_default_timeout(10_000)
    passkeys = virtual_authenticator(page)
    first_sign_in(page, link, lambda page, name: None)
    add_passkey(page, lambda page, name: None)
    assert len(passkeys()) == 1, "the passkey lives in the device, the site keeps only its public key"
    sign_out(page, base)
    signed_out_at = len(opened.log.requests)
    sign_in_with_passkey(page, lambda page, name: None)

    since = opened.log.requests[signed_out_at:]
    assert any(r.startswith("POST ") and "/wan-signin/" in r for r in since), since
    assert not [r for r in since if "/tf-" in r or r.startswith("POST") and r.split("?")[0].endswith("/login")], since
    scripts = [r for r in opened.log.requests if "/fs-static/js/" in r]
    assert scripts and all(r.startswith(f"GET {base}/fs-static/") for r in scripts), scripts
    blocked = [text for _kind, text in opened.log.console if "Content Security Policy" in text]
    assert not blocked, blocked
    assert not opened.log.console_errors(), opened.log.console_errors()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_account_pages_are_readable_and_accessible(
    viewport: dict[str, int], open_page: Callable[..., OpenedPage], make_live_app: Callable[..., LiveApp],
    tmp_path: Path, screenshot: Screenshot,
) -> None:
    """Every page of signing up and in: axe finds nothing serious, text is at least 12 px, nothing scrolls sideways."""
    base, link = consultant_site(make_live_app, tmp_path)
    page = open_page(viewport=viewport).page
    page.set_default_timeout(10_000)
    seen: list[str] = []
    checked = readable_and_accessible(screenshot)

    def look(page: Page, name: str) -> None:
        checked(page, name)
        seen.append(name)

    passkeys = virtual_authenticator(page)
    key = first_sign_in(page, link, look)
    page.get_by_role("link", name="Wiederherstellungscodes").click()
    page.get_by_role("button", name="Erzeuge neue Wiederherstellungscodes").click()
    expect(page.locator(".recovery-codes li")).to_have_count(5)
    look(page, "mf-recovery-codes")
    page.get_by_role("link", name="Zurück zu Ihrem Konto").click()
    add_passkey(page, look)
    sign_out(page, base)
    sign_in_with_passkey(page, look)

    sign_out(page, base)
    sign_in_with_password(page)
    expect(heading(page)).to_have_text("Code aus der Authenticator-App")
    look(page, "tf-validate")
    page.get_by_label("Authentisierungscode").fill("000000")
    page.get_by_role("button", name="Mit Authentisierungscode bestätigen").click()
    expect(page.locator(".field.has-error .error")).to_have_text("Ungültiger Code")
    expect(page.get_by_label("Authentisierungscode")).to_have_attribute("aria-invalid", "true")
    look(page, "tf-validate-wrong-code")
    page.get_by_label("Authentisierungscode").fill(TOTP(key=key).generate().token)
    page.get_by_role("button", name="Mit Authentisierungscode bestätigen").click()
    expect(heading(page)).to_have_text("Ihr Konto")
    assert seen == ["invitation", "login", "tf-setup", "account", "mf-recovery-codes", "wan-register", "wan-signin",
                    "tf-validate", "tf-validate-wrong-code"]
    assert len(passkeys()) == 1
