"""Live updates of a workshop (issue 14): a version per workshop in Redis, ETag/304 without the
database, the database's version when Redis is away, and who may poll."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from app import live
from app.extensions import db
from tests.conftest import migrated

from .checkflow import answer_set, form_data
from .people import signed_in, workshop_people

DOWN = "redis://127.0.0.1:1/0"  # nothing listens there


def _site(make_app: Any, database_config: dict[str, Any], redis: str | None) -> Flask:
    config: dict[str, Any] = {**database_config, "DIGICHECK_REDIS_PREFIX": f"test-live-{uuid.uuid4().hex[:12]}"}
    if redis:
        config["DIGICHECK_REDIS_URL"] = redis
    return workshop_people(migrated(make_app(**config)))


@pytest.fixture(autouse=True)
def _redis_unpaused() -> Iterator[None]:
    """The pause after a failed read is per process: one test's Redis that was down must not leak."""
    live._paused_until = 0.0
    live._missed.clear()
    yield
    live._paused_until = 0.0
    live._missed.clear()


@pytest.fixture
def with_redis(make_app: Any, database_config: dict[str, Any], redis_url: str) -> Flask:
    return _site(make_app, database_config, redis_url)


@pytest.fixture
def redis_down(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return _site(make_app, database_config, DOWN)


@pytest.fixture
def no_redis(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return _site(make_app, database_config, None)


def _workshop(site: Flask) -> tuple[FlaskClient, str, str]:
    """A consultant's session, the projector's path and the join code."""
    consultant = signed_in(site, "consultant@a.de")
    made = consultant.post("/workshops", data={"organisation": "1", "firm": "Holz", "check": "quick-check",
                                                "language": "de", "pace": "free"})
    page = consultant.get(made.location).get_data(as_text=True)
    code = re.search(r'class="join-code"[^>]*>([A-Z2-9]{6})<', page).group(1)  # type: ignore[union-attr]
    return consultant, made.location, code


def _live_url(client: FlaskClient, path: str) -> tuple[str, str]:
    """The poll address and version a page embeds."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'data-live-url="([^"]+)" data-live-version="([^"]+)"', page)
    assert found, page
    return found.group(1).replace("&amp;", "&"), found.group(2)


def _join(site: Flask, code: str) -> tuple[FlaskClient, str]:
    phone = site.test_client()
    token = phone.post(f"/w/{code}", data={"role": ""}).location.split("/")[2]
    return phone, token


def _answer_page(phone: FlaskClient, token: str, page: str, values: dict[str, Any]) -> None:
    assert phone.post(f"/a/{token}/{page}", data=form_data("quick-check", page, values)).status_code == 303


@contextmanager
def _queries(site: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    with site.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_an_unchanged_workshop_is_a_304_without_the_database(with_redis: Flask) -> None:
    consultant, projector, code = _workshop(with_redis)
    url, version = _live_url(consultant, projector + "/dashboard")
    assert version.startswith("r")
    first = consultant.get(url)
    assert first.status_code == 200 and first.headers["ETag"] == f'"{version}"'
    assert first.headers["Cache-Control"] == "no-cache" and "0 Teilnehmende beigetreten" in first.get_data(as_text=True)
    assert "<html" not in first.get_data(as_text=True)  # the part, not the page
    with _queries(with_redis) as seen:
        again = consultant.get(url, headers={"If-None-Match": f'"{version}"'})
        stranger = with_redis.test_client().get(url, headers={"If-None-Match": f'"{version}"'})
    assert again.status_code == 304 and again.headers["ETag"] == f'"{version}"' and not again.get_data()
    assert stranger.status_code == 304  # the token is the key for "nothing changed"; the content needs the session
    assert seen == []


def test_an_answer_changes_the_version_and_the_part(with_redis: Flask) -> None:
    consultant, projector, code = _workshop(with_redis)
    url, version = _live_url(consultant, projector + "/dashboard")
    phone, token = _join(with_redis, code)
    joined = consultant.get(url, headers={"If-None-Match": f'"{version}"'})
    assert joined.status_code == 200 and "1 Teilnehmende beigetreten" in joined.get_data(as_text=True)
    after_join = joined.headers["ETag"].strip('"')
    assert after_join != version
    assert consultant.get(url, headers={"If-None-Match": f'"{after_join}"'}).status_code == 304

    base = answer_set("quick-check-average")
    _answer_page(phone, token, "profile", base["profile"])
    answered = consultant.get(url, headers={"If-None-Match": f'"{after_join}"'})
    assert answered.status_code == 200 and answered.headers["ETag"].strip('"') not in (version, after_join)

    projector_url, shown = _live_url(consultant, projector)
    assert consultant.get(projector_url, headers={"If-None-Match": f'"{shown}"'}).status_code == 304
    assert consultant.post(projector + "/reveal").status_code == 303
    revealed = consultant.get(projector_url, headers={"If-None-Match": f'"{shown}"'})
    assert revealed.status_code == 200 and "Frage für Frage" in revealed.get_data(as_text=True)


def test_opening_a_page_to_a_led_room_changes_the_version(with_redis: Flask) -> None:
    consultant = signed_in(with_redis, "consultant@a.de")
    projector = consultant.post("/workshops", data={"organisation": "1", "firm": "Holz", "check": "quick-check",
                                                     "language": "de", "pace": "led"}).location
    url, version = _live_url(consultant, projector)
    assert consultant.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 304
    assert consultant.post(projector + "/open-page", data={"page": "processes_data"}).status_code == 303
    moved = consultant.get(url, headers={"If-None-Match": f'"{version}"'})
    assert moved.status_code == 200 and 'data-room-page="processes_data"' in moved.get_data(as_text=True)


def test_without_redis_the_version_comes_from_the_database(redis_down: Flask) -> None:
    consultant, projector, code = _workshop(redis_down)
    url, version = _live_url(consultant, projector + "/dashboard")
    assert version.startswith("d")
    assert consultant.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 304
    phone, token = _join(redis_down, code)  # the bump fails quietly: the answer is stored all the same
    joined = consultant.get(url, headers={"If-None-Match": f'"{version}"'})
    assert joined.status_code == 200 and "1 Teilnehmende beigetreten" in joined.get_data(as_text=True)
    after_join = joined.headers["ETag"].strip('"')
    assert consultant.get(url, headers={"If-None-Match": f'"{after_join}"'}).status_code == 304
    _answer_page(phone, token, "profile", answer_set("quick-check-average")["profile"])
    answered = consultant.get(url, headers={"If-None-Match": f'"{after_join}"'})
    assert answered.status_code == 200 and answered.headers["ETag"].strip('"') != after_join
    assert consultant.get(projector).status_code == 200 and consultant.get(projector + "/dashboard").status_code == 200


def test_a_bump_missed_while_redis_was_away_is_sent_when_it_is_back(with_redis: Flask, redis_url: str) -> None:
    consultant, projector, _code = _workshop(with_redis)
    url, version = _live_url(consultant, projector + "/dashboard")
    with with_redis.app_context():
        with_redis.config["DIGICHECK_REDIS_URL"] = DOWN
        with_redis.extensions.pop(live.CLIENT, None)
        live.bump(int(projector.rsplit("/", 1)[1]))  # fails quietly, remembered
        assert live._missed
        with_redis.config["DIGICHECK_REDIS_URL"] = redis_url
        with_redis.extensions.pop(live.CLIENT, None)
    assert consultant.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 200
    assert not live._missed


def test_laptop_without_redis_url_uses_the_database(no_redis: Flask) -> None:
    consultant, projector, code = _workshop(no_redis)
    url, version = _live_url(consultant, projector)
    assert version.startswith("d") and consultant.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 304
    _join(no_redis, code)
    assert consultant.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 200


def test_who_may_poll(with_redis: Flask) -> None:
    consultant, projector, code = _workshop(with_redis)
    url, version = _live_url(consultant, projector + "/dashboard")
    workshop_id = int(projector.rsplit("/", 1)[1])
    path, token = url.split("?")[0], re.search(r"t=([^&]+)", url).group(1)  # type: ignore[union-attr]
    assert consultant.get(path).status_code == 404  # no token
    assert consultant.get(path + "?t=forged&view=dashboard").status_code == 404
    assert consultant.get(path + "?t=" + token + "&view=secret").status_code == 404
    with with_redis.app_context():
        other = live.viewer_token(workshop_id + 1)
        assert not live.token_is_for(token, workshop_id, max_age=-1)  # expired
    assert consultant.get(f"/workshops/{workshop_id + 1}/live?t={token}").status_code == 404  # another workshop's id
    assert consultant.get(f"/workshops/{workshop_id}/live?t={other}").status_code == 404
    # a valid token shows the part only to those who may see the workshop now
    assert with_redis.test_client().get(url).status_code == 403
    assert signed_in(with_redis, "consultant@b.de").get(url).status_code == 403
    assert signed_in(with_redis, "analyst@a.de").get(url).status_code == 403
    assert consultant.get(url).status_code == 200


def test_an_expired_token_is_refused(with_redis: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    consultant, projector, _code = _workshop(with_redis)
    url, _version = _live_url(consultant, projector)
    monkeypatch.setattr(live, "TOKEN_SECONDS", -1)
    monkeypatch.setattr(live.token_is_for, "__defaults__", (-1,))
    assert consultant.get(url).status_code == 404


def test_the_pages_poll_with_a_script_and_refresh_without_one(no_redis: Flask) -> None:
    consultant, projector, _code = _workshop(no_redis)
    for path in (projector, projector + "/dashboard"):
        page = consultant.get(path).get_data(as_text=True)
        assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', page)
        assert page.count('http-equiv="refresh"') == 1
        assert '<script src="/static/js/workshop-live.js" defer></script>' in page
        assert "<script>" not in page
    script = no_redis.test_client().get("/static/js/workshop-live.js")
    assert script.status_code == 200 and b"If-None-Match" in script.data
    script.close()
