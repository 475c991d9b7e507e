"""Accounts as an operator and an invited consultant meet them: CLI, invitation mail, first sign-in, account page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from passlib.totp import TOTP

from app import accounts, audit
from app.extensions import db
from app.models import Account, AuditEvent, Invitation
from tests.conftest import migrated
from tests.mailserver import smtp_server

from .people import PASSWORD, member, organisation, sign_in_with_password_and_totp, signed_in


@pytest.fixture
def site(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(**database_config))


def _invoke(app: Flask, *args: str, input: str | None = None) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    return result.exit_code, result.output


def test_operator_makes_an_organisation_and_invites_a_consultant_by_mail(make_app: Any, monkeypatch: Any) -> None:
    with smtp_server() as (inbox, settings):
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        app = migrated(make_app(DIGICHECK_BASE_URL="https://check.example.de"))
        code, out = _invoke(app, "organisations", "create", "hub-magdeburg", "--name", "Digital Hub Magdeburg",
                            "--kind", "hub", "--states", "st", "--postcode-regions", "39")
        assert code == 0 and "created hub-magdeburg" in out
        code, out = _invoke(app, "accounts", "invite", "Beraterin@Example.de", "--organisation", "hub-magdeburg",
                            "--role", "consultant")
        assert code == 0, out
        link = re.search(r"https://check\.example\.de/invite/\S+", out)
        assert link is not None and "\nsent by mail" in out
        assert len(inbox.messages) == 1
        mail = inbox.messages[0]
        assert mail["To"] == "beraterin@example.de"
        body = inbox.text(mail)
        assert link.group(0) in body
        assert "Digital Hub Magdeburg" in body and "Einladung" in mail["Subject"]


def test_without_smtp_the_cli_prints_the_link_and_says_no_mail_went_out(site: Flask) -> None:
    organisation(site, "hub-a")
    code, out = _invoke(site, "accounts", "invite", "a@example.de", "--organisation", "hub-a", "--role", "analyst")
    assert code == 0
    assert "/invite/" in out and "not sent by mail" in out


@pytest.mark.parametrize("args, message", [
    (("x@example.de",), "either --organisation"),
    (("x@example.de", "--organisation", "nowhere", "--role", "consultant"), "no organisation 'nowhere'"),
    (("not-an-address", "--operator"), "not an e-mail address"),
])
def test_invitations_that_cannot_be_made_are_refused_in_plain_words(site: Flask, args: tuple[str, ...],
                                                                      message: str) -> None:
    code, out = _invoke(site, "accounts", "invite", *args)
    assert code == 2 and message in out


def test_an_invited_consultant_creates_the_account_and_signs_in_with_password_and_totp(site: Flask) -> None:
    organisation(site, "hub-a", "Hub Anhalt")
    code, out = _invoke(site, "accounts", "invite", "c@example.de", "--organisation", "hub-a", "--role", "consultant")
    path = re.search(r"/invite/\S+", out).group(0)  # type: ignore[union-attr]
    client = site.test_client()
    page = client.get(path).get_data(as_text=True)
    assert "Hub Anhalt" in page and "c@example.de" in page
    mismatch = client.post(path, data={"password": PASSWORD, "repeat": PASSWORD + "x"})
    assert mismatch.status_code == 422 and "Die beiden Passwörter" in mismatch.get_data(as_text=True)
    created = client.post(path, data={"password": PASSWORD, "repeat": PASSWORD})
    assert created.status_code == 303 and "/login" in created.location
    assert 'value="c@example.de"' in client.get(created.location).get_data(as_text=True)  # no typing it again
    again = client.get(path)
    assert again.status_code == 404 and "bereits verwendet" in again.get_data(as_text=True)

    secret = sign_in_with_password_and_totp(client, "c@example.de")
    page = client.get("/account").get_data(as_text=True)
    assert "Hub Anhalt" in page and "Beraterin oder Berater" in page

    # next time: password, then a fresh code from the app
    client.post("/logout")
    assert client.get("/account").status_code == 302
    response = client.post("/login", data={"email": "c@example.de", "password": PASSWORD})
    assert "/tf-validate" in response.location
    wrong = client.post("/tf-validate", data={"code": "000000"})
    assert wrong.status_code == 200 and client.get("/account").status_code == 302
    client.post("/tf-validate", data={"code": TOTP(key=secret).generate().token})
    assert client.get("/account").status_code == 200


def test_a_wrong_password_never_signs_in_and_is_audited(site: Flask) -> None:
    organisation(site, "hub-a")
    member(site, "c@example.de", "hub-a", "consultant")
    client = site.test_client()
    response = client.post("/login", data={"email": "c@example.de", "password": "wrong password here"})
    assert response.status_code == 200 and client.get("/account").status_code == 302
    with site.app_context():
        events = [(e.event, e.detail.get("via")) for e in db.session.scalars(db.select(AuditEvent))]
    assert ("sign_in_failed", "password") in events


def test_an_expired_or_unknown_invitation_explains_itself(site: Flask) -> None:
    organisation(site, "hub-a")
    from .people import invitation

    token = invitation(site, "late@example.de", "hub-a", "analyst")
    with site.app_context():
        found = db.session.scalar(db.select(Invitation))
        assert found is not None
        found.expires_at = found.expires_at - timedelta(days=accounts.INVITATION_DAYS + 1)
        db.session.commit()
    client = site.test_client()
    expired = client.get(f"/invite/{token}")
    assert expired.status_code == 404 and "abgelaufen" in expired.get_data(as_text=True)
    unknown = client.get("/invite/" + "x" * 32)
    assert unknown.status_code == 404 and "nicht gültig" in unknown.get_data(as_text=True)
    assert client.get("/invite/%00").status_code == 404


def test_signing_out_everywhere_ends_every_session(site: Flask) -> None:
    organisation(site, "hub-a")
    member(site, "c@example.de", "hub-a", "consultant")
    laptop, phone = signed_in(site, "c@example.de"), signed_in(site, "c@example.de")
    assert laptop.get("/account").status_code == phone.get("/account").status_code == 200
    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 303
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302


def test_cli_lists_disables_and_deletes_accounts(site: Flask) -> None:
    organisation(site, "hub-a")
    member(site, "c@example.de", "hub-a", "consultant")
    member(site, "op@example.de", operator=True)
    code, out = _invoke(site, "accounts", "list")
    assert code == 0 and "c@example.de\thub-a:consultant" in out and "op@example.de\t-\toperator" in out
    browser = signed_in(site, "c@example.de")
    assert _invoke(site, "accounts", "disable", "c@example.de")[0] == 0
    assert browser.get("/account").status_code == 302
    response = site.test_client().post("/login", data={"email": "c@example.de", "password": PASSWORD})
    assert response.status_code == 200 and "/tf-" not in (response.location or "")
    assert "disabled" in _invoke(site, "accounts", "list")[1]
    code, out = _invoke(site, "accounts", "delete", "c@example.de", "--yes")
    assert code == 0
    with site.app_context():
        assert db.session.scalar(db.select(Account).where(Account.email == "c@example.de")) is None
    assert _invoke(site, "accounts", "delete", "nobody@example.de", "--yes")[0] == 2


def test_deleting_an_organisation_takes_its_memberships_not_the_accounts(site: Flask) -> None:
    organisation(site, "hub-a")
    organisation(site, "hub-b")
    member(site, "c@example.de", "hub-a", "consultant")
    code, _ = _invoke(site, "organisations", "delete", "hub-a", "--yes")
    assert code == 0
    code, out = _invoke(site, "accounts", "list")
    assert "c@example.de\t-" in out
    code, out = _invoke(site, "organisations", "list")
    assert "hub-b" in out and "hub-a" not in out


def test_old_audit_entries_and_spent_invitations_are_purged(site: Flask) -> None:
    organisation(site, "hub-a")
    member(site, "c@example.de", "hub-a", "consultant")
    with site.app_context():
        old = db.session.scalars(db.select(AuditEvent)).all()
        assert old
        for event in old:
            event.at = event.at - timedelta(days=audit.AUDIT_DAYS + 1)
        db.session.commit()
    code, out = _invoke(site, "assessments", "purge")
    assert code == 0 and "audit" in out
    with site.app_context():
        assert db.session.scalars(db.select(AuditEvent)).all() == []
        assert db.session.scalars(db.select(Invitation)).all() == []


def test_the_account_page_is_german_and_english(site: Flask) -> None:
    organisation(site, "hub-a", "Hub Anhalt")
    member(site, "c@example.de", "hub-a", "analyst")
    client = signed_in(site, "c@example.de")
    german = client.get("/account").get_data(as_text=True)
    assert "Ihr Konto" in german and "Hub Anhalt" in german and "Passkeys" in german
    client.get("/language/en")
    english = client.get("/account").get_data(as_text=True)
    assert "Your account" in english and "analyst" in english


def test_passkey_pages_run_their_script_with_a_nonce_under_a_strict_policy(site: Flask) -> None:
    organisation(site, "hub-a")
    member(site, "c@example.de", "hub-a", "consultant")
    client = signed_in(site, "c@example.de")
    response = client.post("/wan-register", data={"name": "Laptop", "usage": "first"})
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    page = response.get_data(as_text=True)
    assert f'nonce="{nonce.group(1)}"' in page and "handleRegister" in page


def test_passkeys_are_offered_only_at_their_domain(site: Flask) -> None:
    organisation(site, "hub-a")
    member(site, "c@example.de", "hub-a", "consultant")
    client = signed_in(site, "c@example.de")
    response = client.get("/wan-register", base_url="http://127.0.0.1:5000")
    assert response.status_code == 400
    assert "Passkeys funktionieren nur unter localhost" in response.get_data(as_text=True)
    assert client.get("/wan-signin", base_url="http://127.0.0.1").status_code == 400
    assert site.test_client().get("/wan-signin").status_code == 200
