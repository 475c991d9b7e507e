"""Prometheus metrics at /metrics (prometheus_client): requests, latency, answers saved, live-view polls.

Labels never carry anything of a person: a request is counted by its route rule
(`/a/<token>/<page>`, "unmatched" when no route matched), never by its path, because
private links carry their token in the path; methods outside the usual few count as "other",
so that no request can add label values at will. docs/deployment.md ("Metrics") lists them.

Under gunicorn each worker counts on its own. With PROMETHEUS_MULTIPROC_DIR set (the
client's own variable; an empty directory, wiped at each service start) the client keeps
every process's values in files there, and /metrics adds them up over all processes;
`gunicorn_child_exit` is the hook deploy/gunicorn.conf.py calls when a worker ends. Without
the variable (a laptop, the tests) /metrics shows this process's values only.

/metrics is for the monitoring system only: app/access.py (kind ``monitoring_token``) lets a
request through with `Authorization: Bearer <DIGICHECK_METRICS_TOKEN>`; without the setting
the address does not exist (404).
"""

from __future__ import annotations

import ipaddress
import time
from collections import Counter as Tally
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess, values
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import live
from .extensions import db
from .models import Assessment
from .results import source_of

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
PENDING = "digicheck.metrics.answers"  # session.info: answers saved in this transaction, by kind

# Created once per process (the registry refuses a second metric of the same name), shared by every app.
REQUESTS = Counter("digicheck_http_requests", "HTTP requests answered, by route rule, method and status.",
                   ["route", "method", "status"])
LATENCY = Histogram("digicheck_http_request_duration_seconds",
                    "Time from the start of the app's request handling to the answer, by route rule and method.",
                    ["route", "method"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
ANSWERS = Counter("digicheck_answers_saved",
                  "Answers stored: questions whose stored answer was set or changed (blanks not counted), "
                  "by kind of check (check, workshop, consensus, konvoi); counted when the transaction commits.",
                  ["kind"])
LIVE_POLLS = Counter("digicheck_live_polls",
                     "Polls of a workshop's live view answered (each open dashboard or projector polls about once "
                     "a second), by view and whether anything had changed (changed: 200, unchanged: 304).",
                     ["view", "result"])

bp = Blueprint("metrics", __name__)


def multiprocess_mode() -> bool:
    """What the client chose when it was imported: with PROMETHEUS_MULTIPROC_DIR set then, values live in files.

    Asked of the client itself rather than of the environment now, so that a variable set
    later (when this process's values are already in memory) cannot make /metrics read an
    empty directory.
    """
    return values.ValueClass is not values.MutexValue


@bp.get("/metrics")
def metrics() -> Response:
    """Every process's values (multiprocess mode), else this process's. Access is checked in app/access.py."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    response = Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def _refused(error: Any) -> tuple[Response, int]:
    """A scraper without the right token gets a plain line, never a page; 404 stays the site's own page."""
    code = int(getattr(error, "code", None) or 401)
    text = {401: "a monitoring token is needed: Authorization: Bearer <DIGICHECK_METRICS_TOKEN>",
            403: "not from this address (DIGICHECK_METRICS_ALLOW)",
            429: "too many requests with a wrong token; please wait"}[code]
    response = Response(text + "\n", status=code, content_type="text/plain; charset=utf-8")
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="digicheck metrics"'
    if code == 429:
        response.headers["Retry-After"] = str(getattr(error, "retry_after", None) or 60)
    return response, code


for _code in (401, 403, 429):
    bp.register_error_handler(_code, _refused)


def address_allowed(address: str | None, allowed: list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None) -> bool:
    """True without an allow list; else whether the client address (after app/proxy.py) is in one of its networks."""
    if not allowed:
        return True
    try:
        found = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(found in network for network in allowed)


def parse_allow(raw: str | None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network] | None:
    """DIGICHECK_METRICS_ALLOW="10.0.0.5,192.168.1.0/24": the addresses a scraper may come from; unset: any."""
    entries = [entry.strip() for entry in (raw or "").split(",") if entry.strip()]
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries] or None
    except ValueError as error:
        raise ValueError(f"DIGICHECK_METRICS_ALLOW must list IP addresses or networks, comma-separated: {error}") from None


def init_metrics(app: Flask) -> None:
    """Called first in create_app, so that timing starts before any other before_request (and its
    after_request, run last, sees the final status)."""
    app.extensions["metrics_allow"] = parse_allow(app.config.get("DIGICHECK_METRICS_ALLOW"))  # a bad value stops the start
    app.register_blueprint(bp)
    app.before_request(_begin)
    app.after_request(_count)
    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _begin() -> None:
    g.metrics_began = time.perf_counter()


def _count(response: Response) -> Response:
    route = request.url_rule.rule if request.url_rule else UNMATCHED
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(route=route, method=method, status=str(response.status_code)).inc()
    began = g.get("metrics_began")
    if began is not None:
        LATENCY.labels(route=route, method=method).observe(time.perf_counter() - began)
    if request.endpoint == live.ENDPOINT and response.status_code in (200, 304):
        view = request.args.get("view", "dashboard")  # a 200 or 304 means the view checked it
        LIVE_POLLS.labels(view=view if view in live.VIEWS else "other",
                          result="changed" if response.status_code == 200 else "unchanged").inc()
    return response


# The metrics' kinds of answering, from the stored results' sources (app/results.py).
KINDS = {"workshop_participant": "workshop", "workshop_consensus": "consensus", "konvoi_round": "konvoi",
         "entry_link": "check", "public": "check"}


def answers_saved(assessment: Assessment, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """Remember how many answers a save sets or changes (app/assessments.py calls this); counted once the
    transaction commits: a request that fails stores nothing, so it counts nothing."""
    number = sum(1 for question, value in after.items() if value is not None and before.get(question) != value)
    if number:
        db.session.info.setdefault(PENDING, Tally())[KINDS[source_of(assessment)]] += number


def _after_commit(session: Session) -> None:
    for kind, number in session.info.pop(PENDING, Tally()).items():
        ANSWERS.labels(kind=kind).inc(number)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def gunicorn_child_exit(server: Any, worker: Any) -> None:
    """gunicorn's `child_exit` hook (deploy/gunicorn.conf.py: `from app.metrics import gunicorn_child_exit as
    child_exit`): the client's bookkeeping for a worker that ended. Its counts stay in the totals (counters
    never go down); only "live" gauges of the dead process would be dropped. Nothing to do without
    PROMETHEUS_MULTIPROC_DIR."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(worker.pid)
