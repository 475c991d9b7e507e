"""/metrics for Prometheus (app/metrics.py): counted by route rule, never by path; answers saved;
live-view polls; only with the monitoring token; the sum over processes in multiprocess mode."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from app import assessments, metrics
from tests.conftest import ROOT, migrated

from .checkflow import answer_set, complete, form_data, start
from .people import workshop_people
from .test_workshop_live import _join, _live_url, _workshop

TOKEN = "Kx3-monitoring-token-for-tests-9dQ"  # fixed: pytest-xdist workers must collect the same test ids
BEARER = {"Authorization": f"Bearer {TOKEN}"}
FIRST_PAGE = "strategy_customers"  # the Quick-Check's first page of questions


@pytest.fixture
def site(make_app: Any) -> Flask:
    return migrated(make_app(DIGICHECK_METRICS_TOKEN=TOKEN))


def _value(name: str, **labels: str) -> float:
    """This process's value (the tests run without PROMETHEUS_MULTIPROC_DIR); other tests count too, so compare differences."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _scrape(client: FlaskClient) -> str:
    response = client.get("/metrics", headers=BEARER)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.content_type.startswith("text/plain; version=")
    return response.get_data(as_text=True)


def test_requests_are_counted_by_route_rule_never_by_path(site: Flask) -> None:
    client = site.test_client()
    before = _value("digicheck_http_requests_total", route="/a/<token>/<page>", method="POST", status="303")
    token = complete(client, "quick-check-average")  # the profile and three pages: four posts
    stray = f"/no-such-page-{secrets.token_hex(8)}"
    assert client.get(stray).status_code == 404
    assert client.get(f"/a/{token}/results").status_code == 200
    text = _scrape(client)
    assert 'route="/a/<token>/<page>"' in text and 'route="/a/<token>/results"' in text
    assert 'route="unmatched"' in text
    assert token not in text and stray not in text and "/a/" + token[:8] not in text
    after = _value("digicheck_http_requests_total", route="/a/<token>/<page>", method="POST", status="303")
    assert after - before == 4
    assert _value("digicheck_http_request_duration_seconds_count", route="/a/<token>/results", method="GET") >= 1


def test_unusual_methods_add_no_label_values(site: Flask) -> None:
    client = site.test_client()
    before = _value("digicheck_http_requests_total", route="unmatched", method="other", status="405")
    assert client.open("/", method="BREW").status_code == 405
    assert _value("digicheck_http_requests_total", route="unmatched", method="other", status="405") == before + 1
    assert "BREW" not in _scrape(client)


def _stored(site: Flask, token: str) -> int:
    with site.app_context():
        found = assessments.find(token)
        assert found is not None
        return sum(1 for value in found.answers.values() if value is not None)


def test_answers_saved_counts_each_answer_set_or_changed_once(site: Flask) -> None:
    client = site.test_client()
    answers = answer_set("quick-check-average")
    token = start(client, "quick-check")
    before = _value("digicheck_answers_saved_total", kind="check")
    assert client.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", answers["profile"])).status_code == 303
    assert _value("digicheck_answers_saved_total", kind="check") == before  # the profile is not an answer
    page = FIRST_PAGE
    sent = form_data("quick-check", page, answers["answers"])
    assert client.post(f"/a/{token}/{page}", data=sent).status_code == 303
    first = _stored(site, token)
    assert first > 0 and _value("digicheck_answers_saved_total", kind="check") == before + first
    assert client.post(f"/a/{token}/{page}", data=sent).status_code == 303  # the same page again: nothing new
    assert _value("digicheck_answers_saved_total", kind="check") == before + first


def test_a_workshop_participants_answers_and_the_dashboards_polls_are_counted(make_app: Any) -> None:
    site = workshop_people(migrated(make_app(DIGICHECK_METRICS_TOKEN=TOKEN)))
    consultant, path, code = _workshop(site)
    phone, token = _join(site, code)
    answers = answer_set("quick-check-average")
    before = _value("digicheck_answers_saved_total", kind="workshop")
    for page in ("profile", FIRST_PAGE):
        values = answers["profile"] if page == "profile" else answers["answers"]
        assert phone.post(f"/a/{token}/{page}", data=form_data("quick-check", page, values)).status_code == 303
    assert _value("digicheck_answers_saved_total", kind="workshop") == before + _stored(site, token)
    url, _version = _live_url(consultant, path)
    view = "projector" if "view=projector" in url else "dashboard"
    changed = _value("digicheck_live_polls_total", view=view, result="changed")
    unchanged = _value("digicheck_live_polls_total", view=view, result="unchanged")
    fresh = consultant.get(url)
    assert fresh.status_code == 200
    assert consultant.get(url, headers={"If-None-Match": fresh.headers["ETag"]}).status_code == 304
    assert _value("digicheck_live_polls_total", view=view, result="changed") == changed + 1
    assert _value("digicheck_live_polls_total", view=view, result="unchanged") == unchanged + 1


def test_without_the_setting_metrics_does_not_exist(make_app: Any) -> None:
    client = make_app().test_client()
    for headers in ({}, BEARER, {"Authorization": "Bearer "}):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 404
        assert "digicheck_" not in response.get_data(as_text=True)


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, f"Bearer {TOKEN[:-1]}"])
def test_a_wrong_or_missing_token_gets_401_and_no_metrics(site: Flask, header: str | None) -> None:
    response = site.test_client().get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "digicheck_" not in response.get_data(as_text=True)


def test_the_allow_list_admits_only_its_addresses(make_app: Any) -> None:
    site = make_app(DIGICHECK_METRICS_TOKEN=TOKEN, DIGICHECK_METRICS_ALLOW="10.1.2.0/24, 2001:db8::7")
    outside = site.test_client()
    assert outside.get("/metrics", headers=BEARER).status_code == 403  # the test client comes from 127.0.0.1
    for address in ("10.1.2.3", "2001:db8::7"):
        inside = site.test_client()
        inside.environ_base["REMOTE_ADDR"] = address
        assert inside.get("/metrics", headers=BEARER).status_code == 200
        assert inside.get("/metrics").status_code == 401
    with pytest.raises(ValueError, match="DIGICHECK_METRICS_ALLOW"):
        make_app(DIGICHECK_METRICS_TOKEN=TOKEN, DIGICHECK_METRICS_ALLOW="10.1.2.0/24,somewhere")


# Runs in a fresh interpreter: the client picks its value class (memory or files) once, when it is imported.
PROCESS = textwrap.dedent("""
    import sys
    from types import SimpleNamespace

    from app import create_app
    from app.metrics import gunicorn_child_exit

    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "DIGICHECK_METRICS_TOKEN": sys.argv[2]})
    client = app.test_client()
    if sys.argv[1] == "serve":
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
    else:  # a worker that served before has ended; then Prometheus scrapes another one
        gunicorn_child_exit(None, SimpleNamespace(pid=int(sys.argv[3])))
        response = client.get("/metrics", headers={"Authorization": "Bearer " + sys.argv[2]})
        assert response.status_code == 200, response.status_code
        sys.stdout.write(response.get_data(as_text=True))
""")


def test_multiprocess_mode_adds_up_every_process(tmp_path: Path) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder), "DIGICHECK_INSTANCE_PATH": str(tmp_path / "instance"),
           "PYTHONPATH": str(ROOT)}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-W", "error", "-c", PROCESS, *arguments], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done

    first = subprocess.Popen([sys.executable, "-W", "error", "-c", PROCESS, "serve", TOKEN], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run("serve", TOKEN)
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors[-2000:]
    assert len(list(folder.glob("counter_*.db"))) == 2  # one file per process
    text = run("collect", TOKEN, str(first.pid)).stdout
    served = [sample.value for family in text_string_to_metric_families(text) for sample in family.samples
              if sample.name == "digicheck_http_requests_total" and sample.labels.get("route") == "/healthz"]
    assert served == [6.0]  # 3 + 3, and the ended worker's still count
    latency = [sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == "digicheck_http_request_duration_seconds_count" and sample.labels.get("route") == "/healthz"]
    assert latency == [6.0]


def test_the_child_exit_hook_does_nothing_without_multiprocess_mode() -> None:
    assert not metrics.multiprocess_mode()
    metrics.gunicorn_child_exit(None, type("Worker", (), {"pid": 1})())
