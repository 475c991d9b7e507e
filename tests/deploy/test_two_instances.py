"""Two app instances behind nginx, as deploy/ ships them: one service, whichever instance answers.

Two gunicorn processes (each with two workers) started with the systemd unit's command share
one PostgreSQL database, one Redis and the secrets, behind the tests' own nginx with the shipped
configuration. A visitor's requests are sent to one instance or the other on purpose:

- a check started on one continues on the other;
- a sign-in (password, then the authenticator) holds on both, even when its steps alternate;
- a rate limit counts the requests of both;
- a workshop dashboard on one sees a participant who joined and answered on the other;
- clients that stall half-way through a request do not keep others waiting; too much data ends at
  nginx or the app with a 413, a huge header at gunicorn with a 431;
- through nginx, requests reach both instances; every log line (nginx's, gunicorn's, the app's)
  is a JSON object, and none holds a private link's token or a query string.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from passlib.totp import TOTP

from app import create_app
from app.extensions import db
from tests.app.checkflow import answer_set, form_data
from tests.app.people import PASSWORD, member, organisation
from tests.conftest import postgres_or_skip, redis_or_skip

from .client import Visitor, private_token
from .services import METRICS_TOKEN, Instance, Proxy, app_instance, fresh_postgres_database, instance_env, migrate, nginx_proxy
from tests.mailserver import free_port

pytestmark = pytest.mark.postgres
CONSULTANT = "beraterin@hub-anhalt.example"
START_LIMIT = 5  # checks started per address and 10 minutes, on both instances together


@dataclass
class Site:
    a: Instance
    b: Instance
    proxy: Proxy
    folder: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("two-instances")
    with fresh_postgres_database(postgres_or_skip()) as database:
        env = instance_env(database, redis_or_skip(), folder,
                           DIGICHECK_LIMIT_START=f"{START_LIMIT} per 10 minutes")
        migrate(env)
        with pytest.MonkeyPatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            made = create_app({"SQLALCHEMY_DATABASE_URI": database, "TESTING": True})
            organisation(made, "hub-anhalt", "Digital Hub Anhalt")
            member(made, CONSULTANT, "hub-anhalt", "consultant")
            with made.app_context():
                db.engine.dispose()  # the instances serve from here on; no connection left open in this process
        with app_instance(free_port(), env, folder) as a, app_instance(free_port(), env, folder) as b, \
                nginx_proxy([a.port, b.port], folder) as proxy:
            yield Site(a, b, proxy, folder)


def _sign_in(site: Site) -> Visitor:
    """Password on A, authenticator set up on B, code confirmed on A: one session throughout."""
    person = Visitor(site.a.port)
    person.get("/login")
    signed = person.post("/login", {"email": CONSULTANT, "password": PASSWORD})
    assert signed.status == 302 and signed.location.endswith("/tf-setup"), signed.status
    person.get("/tf-setup", port=site.b.port)
    page = person.post("/tf-setup", {"setup": "authenticator"}, port=site.b.port).text
    key = re.search(r"id=\"authr-key\">([A-Z2-7]{4}(?:-[A-Z2-7]{4})+)<", page)
    assert key, "the set-up page shows the key to type into the app"
    code = TOTP(key=key.group(1).replace("-", "")).generate().token
    confirmed = person.post("/tf-validate", {"code": code})
    assert confirmed.status == 302 and confirmed.location.endswith("/account"), confirmed.status
    return person


@pytest.fixture(scope="module")
def consultant(site: Site) -> Visitor:
    return _sign_in(site)


def test_a_check_started_on_one_instance_continues_on_the_other(site: Site) -> None:
    owner = Visitor(site.a.port)
    assert owner.get("/check/quick-check").status == 200
    started = owner.post("/check/quick-check", {"agree": "y"})
    assert started.status == 303, started.text[:300]
    token = private_token(started.location)
    answers = answer_set("quick-check-average")
    sent = owner.post(f"/a/{token}/profile", form_data("quick-check", "profile", answers["profile"]), port=site.b.port)
    assert sent.status == 303 and "/profile" not in sent.location
    # The other instance, and then nginx, resume where the person stopped: the page after the profile.
    resumed = Visitor(site.a.port).get(f"/a/{token}")
    assert resumed.status in (302, 303) and resumed.location.endswith(sent.location.rsplit("/", 1)[1])
    through_proxy = Visitor(site.proxy.port).get(f"/a/{token}/profile")
    assert through_proxy.status == 200
    chosen = answers["profile"]["industry"]
    assert re.search(rf'value="{re.escape(chosen)}"[^>]*checked|checked[^>]*value="{re.escape(chosen)}"',
                     through_proxy.text), "the profile answer stored by B is shown by A and through nginx"


def test_a_sign_in_holds_on_both_instances(site: Site, consultant: Visitor) -> None:
    for port in (site.a.port, site.b.port, site.proxy.port):
        page = consultant.get("/account", port=port)
        assert page.status == 200 and CONSULTANT in page.text
    assert Visitor(site.b.port).get("/account").status == 302  # a stranger is sent to sign in


def test_limits_count_the_requests_of_both_instances(site: Site) -> None:
    """One address (as nginx reports it) starting checks on A and B in turn: the sixth is refused on either."""
    visitor = Visitor(site.a.port)
    visitor.get("/check/quick-check")
    address = {"X-Forwarded-For": "203.0.113.77"}
    statuses = [visitor.post("/check/quick-check", {"agree": "y"}, headers=address,
                             port=(site.a.port, site.b.port)[i % 2]).status for i in range(START_LIMIT)]
    assert statuses == [303] * START_LIMIT
    for port in (site.a.port, site.b.port):
        refused = visitor.post("/check/quick-check", {"agree": "y"}, headers=address, port=port)
        assert refused.status == 429 and int(refused.headers["retry-after"]) > 0
    other = {"X-Forwarded-For": "203.0.113.78"}  # another address still gets in
    assert visitor.post("/check/quick-check", {"agree": "y"}, headers=other, port=site.b.port).status == 303


def test_a_dashboard_on_one_instance_sees_answers_sent_to_the_other(site: Site, consultant: Visitor) -> None:
    consultant.get("/workshops", port=site.a.port)
    made = consultant.post("/workshops", {"organisation": "1", "firm": "Tischlerei Holz", "check": "quick-check",
                                          "language": "de", "pace": "free"}, port=site.a.port)
    assert made.status == 303, made.text[:300]
    projector = made.location.removeprefix("http://localhost")
    page = consultant.get(projector, port=site.a.port).text
    code = re.search(r'class="join-code"[^>]*>([A-Z2-9]{6})<', page)
    assert code
    dashboard = consultant.get(projector + "/dashboard", port=site.a.port).text
    live = re.search(r'data-live-url="([^"]+)" data-live-version="([^"]+)"', dashboard)
    assert live
    url, version = live.group(1).replace("&amp;", "&"), live.group(2)
    assert consultant.get(url, port=site.a.port, headers={"If-None-Match": f'"{version}"'}).status == 304

    phone = Visitor(site.b.port)
    phone.get(f"/w/{code.group(1)}")
    joined = phone.post(f"/w/{code.group(1)}", {"role": ""})
    assert joined.status == 303
    token = private_token(joined.location)
    profile = answer_set("quick-check-average")["profile"]
    assert phone.post(f"/a/{token}/profile", form_data("quick-check", "profile", profile)).status == 303

    seen = consultant.get(url, port=site.a.port, headers={"If-None-Match": f'"{version}"'})
    assert seen.status == 200 and "1 Teilnehmende beigetreten" in seen.text
    assert seen.headers["etag"].strip('"') != version


def test_nginx_shares_requests_and_no_log_holds_a_token(site: Site) -> None:
    visitor = Visitor(site.proxy.port)
    visitor.get("/check/quick-check")
    started = visitor.post("/check/quick-check", {"agree": "y"}, headers={"X-Forwarded-For": "198.51.100.9"})
    assert started.status == 303
    token = private_token(started.location)
    for _ in range(6):
        assert visitor.get(f"/a/{token}/profile?lang=en").status == 200

    lines = [json.loads(line) for line in site.proxy.access_log.read_text().splitlines()]
    upstreams = {line["upstream"] for line in lines}
    assert {f"127.0.0.1:{site.a.port}", f"127.0.0.1:{site.b.port}"} <= upstreams
    assert any(line["path"] == "/a/~/profile" for line in lines)
    logs = {"nginx": site.proxy.access_log.read_text(), "instance A": site.a.log.read_text(),
            "instance B": site.b.log.read_text()}
    for name, text in logs.items():
        assert all(isinstance(json.loads(line), dict) for line in text.splitlines()), f"the {name} log: JSON lines"
        assert token not in text, f"the {name} log holds a private link's token"
        assert "lang=en" not in text, f"the {name} log holds a query string"
    # The proxy's request id reaches the app and its log line: one id follows a request through both.
    request_id = next(line["request_id"] for line in lines if line["path"] == "/a/~/profile")
    assert request_id in logs["instance A"] + logs["instance B"]


def test_each_instance_counts_all_its_workers_for_the_monitoring_system(site: Site) -> None:
    """Ten health checks on A, then whichever of A's two workers answers the scrape counts all ten."""
    scrape = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    monitor = Visitor(site.a.port)

    def healthz_count() -> float:
        text = monitor.get("/metrics", headers=scrape).text
        found = re.search(r'digicheck_http_requests_total\{method="GET",route="/healthz",status="200"\} ([0-9.e+]+)', text)
        return float(found.group(1)) if found else 0.0

    before = healthz_count()
    for _ in range(10):
        assert Visitor(site.a.port).get("/healthz").status == 200
    assert [healthz_count() for _ in range(4)] == [before + 10] * 4
    assert monitor.get("/metrics").status == 401
    assert Visitor(site.proxy.port).get("/metrics", headers=scrape).status == 200  # nginx: this host only


def test_slow_and_oversized_requests_do_not_tie_up_the_workers(site: Site) -> None:
    """Twelve clients that send half a request and stall (three per app worker) keep nobody waiting: nginx
    holds them until it has the whole request. Too much data ends at nginx, a huge header at gunicorn (431)."""
    stalled = []
    try:
        for _ in range(12):
            sock = socket.create_connection(("127.0.0.1", site.proxy.port), timeout=5)
            sock.sendall(b"POST /check/quick-check HTTP/1.1\r\nHost: localhost\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\nagree=")
            stalled.append(sock)
        began = time.monotonic()
        for _ in range(4):
            assert Visitor(site.proxy.port, timeout=5).get("/check/quick-check").status == 200
        assert time.monotonic() - began < 4
    finally:
        for sock in stalled:
            sock.close()
    visitor = Visitor(site.proxy.port)
    visitor.get("/check/quick-check")
    too_much = visitor.post("/check/quick-check", {"agree": "y", "padding": "x" * 2_000_000})
    assert too_much.status == 413
    app_refuses = visitor.post("/check/quick-check", {"agree": "y", "padding": "x" * 300_000})
    assert app_refuses.status == 413 and "Zu viele Daten" in app_refuses.text  # the app's own page, in German
    huge_header = Visitor(site.a.port).get("/healthz", headers={"X-Padding": "x" * 9000})
    assert huge_header.status == 431  # "Request Header Fields Too Large", before the app is asked
    token = "Zz" * 16
    with socket.create_connection(("127.0.0.1", site.b.port), timeout=5) as broken:  # a malformed request
        broken.sendall(f"GET /a/{token}/profile HTTP/1.1\r\nHost: localhost\r\nContent-Length: x\r\n\r\n".encode())
        assert broken.recv(100).startswith(b"HTTP/1.1 400")
    time.sleep(0.3)
    log = site.b.log.read_text()
    assert "Invalid request (its address and request line are not logged)" in log
    assert token not in log and "ip=" not in log


def test_a_foreign_host_name_never_reaches_the_app_through_nginx(site: Site) -> None:
    """nginx passes the site's own name on; an instance asked directly with a foreign name refuses it."""
    assert Visitor(site.a.port).get("/healthz", headers={"Host": "evil.example"}).status == 400
    assert Visitor(site.a.port).get("/readyz", headers={"Host": "127.0.0.1:8001"}).status == 200
    visitor = Visitor(site.proxy.port)
    visitor.get("/check/quick-check", headers={"Host": "evil.example"})
    started = visitor.post("/check/quick-check", {"agree": "y"}, headers={"Host": "evil.example"})
    assert started.status == 303 and "evil.example" not in started.location
    page = visitor.get(started.location.removeprefix("http://localhost"), headers={"Host": "evil.example"})
    assert page.status == 200 and "evil.example" not in page.text
