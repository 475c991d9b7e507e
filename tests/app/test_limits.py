"""Rate limits as a visitor meets them: a 429 page in their language with Retry-After, per address
or per private link, pages to read never limited; counts shared through Redis, and kept when it is down.

Every app here has its own key prefix, so tests never share counts, not even in the shared Redis.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.limits import by_form_field, limit_endpoint
from tests.app.checkflow import start
from tests.conftest import migrated

SMALL = {"DIGICHECK_LIMIT_START": "3 per minute", "DIGICHECK_LIMIT_ANSWERS": "4 per minute"}
CHECK = "/check/quick-check"


@pytest.fixture
def prefix() -> str:
    return f"test-limits-{uuid.uuid4().hex}"


@pytest.fixture
def limited(make_app: Any, prefix: str) -> Any:
    """An app with small limits (more settings as keyword arguments), its database migrated."""

    def build(**config: Any) -> Flask:
        return migrated(make_app(**{**SMALL, "RATELIMIT_KEY_PREFIX": prefix, **config}))

    return build


def consent(client: FlaskClient, **headers: str) -> int:
    return client.post(CHECK, data={"agree": "y"}, headers=headers).status_code


def test_starting_too_often_from_one_address_gets_a_german_page_saying_when_to_try_again(limited: Any) -> None:
    client = limited().test_client()
    assert [consent(client) for _ in range(3)] == [303, 303, 303]
    response = client.post(CHECK, data={"agree": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "Zu viele Anfragen" in page and "Sie können es in 1 Minute erneut versuchen." in page
    # Reading is never limited: the consent page still opens.
    assert client.get(CHECK).status_code == 200


def test_an_english_visitor_gets_the_page_in_english(limited: Any) -> None:
    client = limited().test_client()
    client.get("/language/en?next=/")
    statuses = [consent(client) for _ in range(4)]
    response = client.post(CHECK, data={"agree": "y"})
    page = response.get_data(as_text=True)
    assert statuses == [303, 303, 303, 429] and response.status_code == 429
    assert "Too many requests" in page and "You can try again in 1 minute." in page
    assert "Retry-After" in response.headers


def test_each_private_link_has_its_own_answer_budget_on_a_shared_address(limited: Any) -> None:
    """A workshop room shares one address; each person's answers count against their own link."""
    client = limited().test_client()
    first, second = start(client, "quick-check"), start(client, "quick-check")
    assert [client.post(f"/a/{first}/profile").status_code for _ in range(4)] == [422] * 4
    assert client.post(f"/a/{first}/profile").status_code == 429
    assert [client.post(f"/a/{second}/profile").status_code for _ in range(4)] == [422] * 4
    assert client.get(f"/a/{first}/profile").status_code == 200  # the page can still be read


@pytest.mark.parametrize(("proxies", "expected"), [(0, [303, 303, 303, 429]), (1, [303, 303, 303, 303])])
def test_x_forwarded_for_counts_only_behind_a_trusted_proxy(limited: Any, monkeypatch: pytest.MonkeyPatch,
                                                            proxies: int, expected: list[int]) -> None:
    """Direct connections: a forged X-Forwarded-For changes nothing. Behind one proxy: it is the client."""
    monkeypatch.setenv("DIGICHECK_TRUSTED_PROXIES", str(proxies))
    client = limited().test_client()
    assert [consent(client, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(4)] == expected


@pytest.mark.parametrize("raw", ["yes", "-1", "1.5"])
def test_a_number_of_proxies_that_is_no_number_stops_the_start(make_app: Any, monkeypatch: pytest.MonkeyPatch,
                                                               raw: str) -> None:
    monkeypatch.setenv("DIGICHECK_TRUSTED_PROXIES", raw)
    with pytest.raises(ValueError, match="DIGICHECK_TRUSTED_PROXIES"):
        make_app()


def test_a_form_field_key_counts_per_account_whatever_the_spelling(limited: Any) -> None:
    """The API for forms: one e-mail in any case and spacing shares a budget; another has its own."""
    app = limited()

    def sign_in() -> str:
        return "signed in"

    app.add_url_rule("/sign-in", "sign_in", sign_in, methods=["GET", "POST"])
    app.extensions["access"]["sign_in"] = "public"
    limit_endpoint(app, "sign_in", "2 per minute", by_form_field("email"))
    client = app.test_client()
    spellings = [" Anna@Example.DE ", "anna@example.de", "ANNA@example.de"]
    assert [client.post("/sign-in", data={"email": e}).status_code for e in spellings] == [200, 200, 429]
    assert client.post("/sign-in", data={"email": "bob@example.de"}).status_code == 200
    assert [client.get("/sign-in").status_code for _ in range(3)] == [200] * 3  # only POSTs count


def test_forty_wrong_passwords_meet_429s_but_nobody_is_locked_out(limited: Any) -> None:
    """Throttled per account and per address; a success does not count, and the budget comes back."""
    from tests.app.people import PASSWORD, member, organisation

    app = limited(DIGICHECK_LIMIT_SIGN_IN_ACCOUNT="5 per minute", DIGICHECK_LIMIT_SIGN_IN_ADDRESS="100 per minute")
    organisation(app, "hub-a")
    member(app, "c@example.de", "hub-a", "consultant")
    member(app, "d@example.de", "hub-a", "consultant")
    attacker = app.test_client()
    answers = [attacker.post("/login", data={"email": "c@example.de", "password": f"guess {n} wrong"})
               for n in range(40)]
    statuses = [a.status_code for a in answers]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    assert int(answers[-1].headers["Retry-After"]) <= 60
    assert "Sie können es in 1 Minute erneut versuchen" in answers[-1].get_data(as_text=True)
    # another account on the same address is not affected, and its success does not count
    colleague = app.test_client()
    for _ in range(8):
        assert colleague.post("/login", data={"email": "d@example.de", "password": PASSWORD}).status_code == 302
    # the account itself is throttled, not locked: no flag is set, and the window is a minute long
    from app.accounts import find_account

    with app.app_context():
        account = find_account("c@example.de")
        assert account is not None and account.active


def test_a_limit_that_cannot_be_read_stops_the_start_naming_the_setting(make_app: Any) -> None:
    with pytest.raises(ValueError, match="DIGICHECK_LIMIT_START"):
        make_app(DIGICHECK_LIMIT_START="lots")


def test_without_redis_start_up_says_counts_are_per_process(make_app: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="app.limits"):
        make_app(TESTING=False)
    assert any("DIGICHECK_REDIS_URL is not set" in record.getMessage() for record in caplog.records)


@pytest.fixture
def redis_keys(redis_url: str, prefix: str) -> Iterator[Any]:
    """The keys this test left in the shared Redis (read by the test, deleted afterwards)."""
    import redis

    client = redis.Redis.from_url(redis_url)

    def keys() -> list[str]:
        return [key.decode() for key in client.scan_iter(match=f"*{prefix}*")]

    yield keys
    for key in keys():
        client.delete(key)
    client.close()


def test_processes_share_their_counts_through_redis(limited: Any, redis_url: str, redis_keys: Any) -> None:
    """Two app instances (two processes' view of it) count against one budget; Redis holds no address or link."""
    one = limited(DIGICHECK_REDIS_URL=redis_url).test_client()
    other = limited(DIGICHECK_REDIS_URL=redis_url).test_client()
    token = start(one, "quick-check")
    assert [consent(other), consent(one), consent(other)] == [303, 303, 429]
    assert [one.post(f"/a/{token}/profile").status_code for _ in range(2)] == [422, 422]
    assert [other.post(f"/a/{token}/profile").status_code for _ in range(3)] == [422, 422, 429]
    stored = " ".join(redis_keys())
    assert "check.start" in stored and "check.save_page" in stored
    assert "127.0.0.1" not in stored and token not in stored
    assert re.search(r"/[0-9a-f]{32}/check\.start/", stored), stored


def test_when_redis_is_down_limits_are_counted_in_memory_with_one_warning(
        limited: Any, caplog: pytest.LogCaptureFixture) -> None:
    client = limited(DIGICHECK_REDIS_URL="redis://127.0.0.1:1/0").test_client()
    with caplog.at_level(logging.WARNING, logger="app.limits"):
        statuses = [consent(client) for _ in range(5)]
    assert statuses == [303, 303, 303, 429, 429]
    warnings = [r for r in caplog.records if r.name == "app.limits" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "in-memory" in warnings[0].getMessage()
