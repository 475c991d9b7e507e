"""The people around an organisation, made the way the product makes them: organisation, invitation, acceptance."""

from __future__ import annotations

import re
import time

from flask import Flask
from flask.testing import FlaskClient
from passlib.totp import TOTP

from app import accounts, organisations
from app.extensions import db
from app.models import Account

PASSWORD = "correct horse battery staple"


def organisation(app: Flask, slug: str, name: str | None = None, kind: str = "hub") -> int:
    with app.app_context():
        made = organisations.create(slug, name or slug.replace("-", " ").title(), kind)
        db.session.commit()
        return made.id


def invitation(app: Flask, email: str, slug: str | None = None, role: str | None = None, operator: bool = False) -> str:
    with app.app_context():
        found = organisations.find(slug) if slug else None
        invited = accounts.invite(email, organisation=found, role=role, operator=operator)
        db.session.commit()
        return invited.token


def member(app: Flask, email: str, slug: str | None = None, role: str | None = None, operator: bool = False) -> None:
    """An account that accepted its invitation (service level: the pages are tested in test_accounts)."""
    token = invitation(app, email, slug, role, operator)
    with app.app_context():
        accounts.accept(accounts.open_invitation(token), password=PASSWORD)
        db.session.commit()


def signed_in(app: Flask, email: str) -> FlaskClient:
    """A browser session of the account, as Flask-Security-Too leaves it after a complete sign-in."""
    client = app.test_client()
    with app.app_context():
        account = accounts.find_account(email)
        assert account is not None
        uniquifier = account.fs_uniquifier
    with client.session_transaction() as session:
        session["_user_id"] = uniquifier
        session["_fresh"] = True
        session["fs_paa"] = time.time()  # "primary authentication at": the library's freshness mark
    return client


def sign_in_with_password_and_totp(client: FlaskClient, email: str, password: str = PASSWORD) -> str:
    """The first sign-in, through the pages: password, then the authenticator app is set up. Returns its key."""
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302 and response.location.endswith("/tf-setup"), response.status_code
    page = client.post("/tf-setup", data={"setup": "authenticator"}).get_data(as_text=True)
    key = re.search(r"id=\"authr-key\">([A-Z2-7]{4}(?:-[A-Z2-7]{4})+)<", page)
    assert key is not None, "the set-up page shows the key to type into the app"
    secret = key.group(1).replace("-", "")
    response = client.post("/tf-validate", data={"code": TOTP(key=secret).generate().token})
    assert response.status_code == 302 and response.location.endswith("/account")
    return secret


def account(app: Flask, email: str) -> Account:
    with app.app_context():
        found = accounts.find_account(email)
        assert found is not None
        db.session.expunge(found)
        return found


def workshop_people(app: Flask) -> Flask:
    """Hub A with a consultant and an analyst, hub B with a consultant: who may and may not see a workshop."""
    organisation(app, "hub-a", "Digital Hub Anhalt")
    organisation(app, "hub-b", "Hub Bremen")
    member(app, "consultant@a.de", "hub-a", "consultant")
    member(app, "analyst@a.de", "hub-a", "analyst")
    member(app, "consultant@b.de", "hub-b", "consultant")
    return app
