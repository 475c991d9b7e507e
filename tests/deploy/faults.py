"""A fault run: concurrent people answering checks and workshop questions while parts of the service fail.

Clients (threads, each one browser) take the quick check, or join a workshop and answer it,
again and again. A page of answers counts as acknowledged when the server answered it with its
303; anything else (a 503 while the database restarts, a connection cut by a killed worker) is
retried after a pause, like a person pressing "Next" again. Meanwhile the main thread breaks
things in turn. Afterwards the database is read directly:

- every acknowledged page is stored, with exactly the values sent, and listed once as done;
- no page is half-saved: a page is either listed as done with all its answers, or has none;
- no response was a 5xx other than 503 (the "briefly unavailable" page).

tests/deploy/test_faults.py runs it for CI; benchmarks/bench_faults.py runs it longer and
prints the figures recorded in benchmarks/README.md.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy

from app import create_app
from app.answering.page_flow import page_questions, pages
from app.assessments import hash_token
from app.extensions import db
from app.models import Assessment
from tests.app.checkflow import answer_set, form_data, shipped
from tests.app.people import organisation

from .client import Reply, Visitor, private_token
from .services import Instance, OwnPostgres, OwnRedis, app_instance, instance_env, migrate, wait_for_http
from tests.mailserver import free_port

CHECK = "quick-check"
CASES = ["quick-check-average", "quick-check-beginner", "quick-check-leader", "quick-check-plumber-76"]
GENEROUS = {name: "100000 per minute" for name in (
    "DIGICHECK_LIMIT_START", "DIGICHECK_LIMIT_ANSWERS", "DIGICHECK_LIMIT_JOIN", "DIGICHECK_LIMIT_JOIN_CODE")}


class GaveUp(Exception):
    """A request that never succeeded before the run's end: not acknowledged, so nothing is owed."""


@dataclass
class Tally:
    """What the clients saw, by phase of the run and kind of outcome (status code or exception name)."""

    phase: str = "warm-up"
    seen: Counter[tuple[str, str]] = field(default_factory=Counter)
    acknowledged: dict[str, set[str]] = field(default_factory=dict)  # token -> pages answered with a 303
    cases: dict[str, str] = field(default_factory=dict)  # token -> the answer set it sent
    joined: Counter[str] = field(default_factory=Counter)  # workshop code -> participants acknowledged
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, kind: str) -> None:
        with self.lock:
            self.seen[(self.phase, kind)] += 1

    def by_kind(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for (_phase, kind), number in self.seen.items():
            total[kind] += number
        return total


class Person(threading.Thread):
    """One browser taking checks (or joining the workshop) until told to stop."""

    def __init__(self, number: int, port: int, tally: Tally, stopping: threading.Event, workshop_code: str | None):
        super().__init__(daemon=True, name=f"person-{number}")
        self.port, self.tally, self.stopping, self.code = port, tally, stopping, workshop_code
        self.random = random.Random(number)
        self.give_up_at = float("inf")
        self.problem: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                self.one_check()
        except GaveUp:
            pass
        except BaseException as problem:  # noqa: BLE001 (reported by the test, not lost in a thread)
            self.problem = problem

    def send(self, request: Callable[[], Reply], wanted: int, finished: int = 0) -> Reply:
        """The request until it gets `wanted` (or `finished`, which ends the check), retried after a pause."""
        while True:
            if time.monotonic() > self.give_up_at:
                raise GaveUp
            try:
                reply = request()
                self.tally.count(str(reply.status))
                if reply.status in (wanted, finished):
                    return reply
            except (OSError, http.client.HTTPException) as problem:
                self.tally.count(type(problem).__name__)
            time.sleep(self.random.uniform(0.1, 0.4))

    def one_check(self) -> None:
        visitor = Visitor(self.port, timeout=20)
        case = self.random.choice(CASES)
        if self.code is None:
            self.send(lambda: visitor.get(f"/check/{CHECK}"), 200)
            started = self.send(lambda: visitor.post(f"/check/{CHECK}", {"agree": "y"}), 303)
        else:
            code = self.code
            self.send(lambda: visitor.get(f"/w/{code}"), 200)
            started = self.send(lambda: visitor.post(f"/w/{code}", {"role": ""}), 303)
            with self.tally.lock:
                self.tally.joined[code] += 1
        token = private_token(started.location)
        with self.tally.lock:
            self.tally.acknowledged[token] = set()
            self.tally.cases[token] = case
        answers = answer_set(case)
        page = "profile"
        while True:  # the page the server sends the person to next, as a browser follows it
            values = answers["profile"] if page == "profile" else answers["answers"]
            data = form_data(CHECK, page, values)
            sent = self.send(lambda: visitor.post(f"/a/{token}/{page}", data), 303, finished=409)
            if sent.status == 409:  # sent again after an answer that never arrived: the check was complete
                return
            with self.tally.lock:
                self.tally.acknowledged[token].add(page)
            if sent.location.endswith("/results"):
                return
            page = sent.location.rsplit("/", 1)[1]


@dataclass
class Run:
    tally: Tally
    seconds: float
    problems: list[str]

    @property
    def requests(self) -> int:
        return sum(self.tally.seen.values())


@contextmanager
def people(port: int, count: int, workshop_code: str | None, share_in_workshop: float) -> Iterator[
        tuple[Tally, Callable[[float], None]]]:
    """`count` people on `port` (a share of them in the workshop); the callable stops them, waiting up to N s."""
    tally = Tally()
    stopping = threading.Event()
    crowd = [Person(i, port, tally, stopping, workshop_code if i < count * share_in_workshop else None)
             for i in range(count)]
    for person in crowd:
        person.start()

    def finish(grace: float) -> None:
        stopping.set()
        for person in crowd:
            person.give_up_at = time.monotonic() + grace
        for person in crowd:
            person.join(grace + 30)
        problems = [f"{p.name}: {p.problem!r}" for p in crowd if p.problem is not None]
        assert not problems, problems

    try:
        yield tally, finish
    finally:
        stopping.set()
        for person in crowd:
            person.give_up_at = 0


def kill_a_worker(instance: Instance) -> int:
    workers = instance.workers()
    assert workers, "gunicorn has workers"
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    return victim


def make_workshop(env: dict[str, str]) -> str:
    """An organisation and an open workshop (free pace) in the run's database; returns the join code."""
    from app import workshops

    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        made = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "TESTING": True})
        organisation(made, "hub-faults", "Hub unter Last")
        with made.app_context():
            from app.models import Organisation

            hub = db.session.execute(sqlalchemy.select(Organisation)).scalar_one()
            q = shipped().get(CHECK)
            assert q is not None
            code = workshops.create(hub, None, q, "Metallbau Beispiel", pace="free").code
            db.session.commit()
        with made.app_context():
            db.engine.dispose()
    return code


@dataclass
class Findings:
    lost: list[str] = field(default_factory=list)  # acknowledged, but not stored as sent
    broken: list[str] = field(default_factory=list)  # half-saved pages, pages done twice


def stored_state(database_url: str, tally: Tally, workshop_code: str) -> Findings:
    """What the database holds against what the clients were told."""
    q = shipped().get(CHECK)
    assert q is not None
    questions_of = {page: [question.id for question in page_questions(q, page)] for page in pages(q)}
    engine = sqlalchemy.create_engine(database_url)
    found = Findings()
    try:
        with engine.connect() as connection:
            rows = {row.token_hash: row for row in connection.execute(sqlalchemy.select(
                Assessment.__table__.c.token_hash, Assessment.__table__.c.profile, Assessment.__table__.c.answers,
                Assessment.__table__.c.pages_done, Assessment.__table__.c.workshop_id))}
            participants = connection.execute(sqlalchemy.text(
                "SELECT count(*) FROM assessment JOIN workshop ON workshop.id = assessment.workshop_id "
                "WHERE workshop.code = :code"), {"code": workshop_code}).scalar_one()
    finally:
        engine.dispose()
    if participants < tally.joined[workshop_code]:
        found.lost.append(f"workshop: {tally.joined[workshop_code]} joins acknowledged, {participants} stored")
    for row in rows.values():
        done = list(row.pages_done or [])
        if len(done) != len(set(done)):
            found.broken.append(f"a page listed twice as done: {done}")
        for page, ids in questions_of.items():
            held = row.profile if page == "profile" else row.answers
            present = [i for i in ids if i in (held or {})]
            if page in done and not present:
                found.broken.append(f"page {page} listed as done without its answers")
            if page not in done and present:
                found.broken.append(f"page {page} half-saved: {present} stored but the page is not done")
    for token, answered in tally.acknowledged.items():
        row = rows.get(hash_token(token))
        if row is None:
            found.lost.append("an acknowledged check is missing")
            continue
        sent = answer_set(tally.cases[token])
        for page in answered:
            if page not in (row.pages_done or []):
                found.lost.append(f"acknowledged page {page} is not stored as done")
            values = sent["profile"] if page == "profile" else sent["answers"]
            held = row.profile if page == "profile" else row.answers
            for question in questions_of[page]:
                if question in values and (held or {}).get(question) != values[question]:
                    found.lost.append(f"{page}/{question}: sent {values[question]!r}, stored {(held or {}).get(question)!r}")
    return found


def phase(tally: Tally, name: str) -> None:
    with tally.lock:
        tally.phase = name


def fault_run(folder: Path, database_url: str, redis: OwnRedis | None, postgres: OwnPostgres | None, *,
              clients: int = 50, seconds_per_phase: float = 4.0) -> tuple[Run, Findings]:
    """The whole run: start an instance, let people answer, break things in turn, stop and compare."""
    env = instance_env(database_url, redis.url if redis else None, folder, DIGICHECK_WORKERS="3",
                       DIGICHECK_GUNICORN_ACCESS_LOG="", **GENEROUS)
    migrate(env)
    code = make_workshop(env)
    began = time.monotonic()
    observations: list[str] = []
    with app_instance(free_port(), env, folder) as instance, people(instance.port, clients, code, 0.4) as (tally, finish):
        time.sleep(seconds_per_phase)
        phase(tally, "worker killed")
        kill_a_worker(instance)
        time.sleep(seconds_per_phase)
        if postgres is not None:
            phase(tally, "PostgreSQL down")
            postgres.stop("fast")
            time.sleep(1.0)
            observations += _while_database_is_away(instance.port)
            time.sleep(max(seconds_per_phase - 1.0, 0.5))
            postgres.start()
            phase(tally, "PostgreSQL back")
            time.sleep(seconds_per_phase)
        if redis is not None:
            phase(tally, "Redis down")
            redis.stop()
            time.sleep(0.5)
            observations += _while_redis_is_away(instance.port)
            time.sleep(seconds_per_phase)
            redis.start()
            phase(tally, "Redis back")
            time.sleep(seconds_per_phase)
        phase(tally, "finishing")
        finish(20.0)
        wait_for_http(instance.port)
    run = Run(tally, time.monotonic() - began, observations)
    return run, stored_state(database_url, tally, code)


def _while_database_is_away(port: int) -> list[str]:
    """A person and a load balancer asking while PostgreSQL is down: a clear 503, never a 500.

    The consent page itself needs no database and is shown; starting the check needs it.
    """
    problems = []
    person = Visitor(port)
    person.get(f"/check/{CHECK}")
    page = person.post(f"/check/{CHECK}", {"agree": "y"})
    if page.status != 503 or page.headers.get("retry-after") != "30" or "Kurz nicht erreichbar" not in page.text:
        problems.append(f"starting a check while the database is down: {page.status} {page.headers.get('retry-after')}")
    ready = Visitor(port).get("/readyz")
    if ready.status != 503:
        problems.append(f"/readyz while the database is down: {ready.status}")
    return problems


def _while_redis_is_away(port: int) -> list[str]:
    problems = []
    ready = Visitor(port).get("/readyz")
    if ready.status != 200 or '"redis":"unreachable"' not in ready.text.replace(" ", ""):
        problems.append(f"/readyz while Redis is down: {ready.status} {ready.text[:200]}")
    return problems


def summary(run: Run, found: Findings) -> str:
    by_kind = run.tally.by_kind()
    acknowledged = sum(len(pages) for pages in run.tally.acknowledged.values())
    phases = Counter[str]()
    for (name, kind), number in run.tally.seen.items():
        if not kind.startswith(("2", "3")):
            phases[name] += number
    lines = [f"requests: {run.requests} in {run.seconds:.1f} s; pages acknowledged: {acknowledged} "
             f"of {len(run.tally.acknowledged)} checks",
             "outcomes: " + ", ".join(f"{kind} {number}" for kind, number in sorted(by_kind.items())),
             "failed requests by phase: " + (", ".join(f"{k} {v}" for k, v in phases.items()) or "none"),
             f"answers lost: {len(found.lost)}; half-saved or doubled pages: {len(found.broken)}"]
    return "\n".join(lines)


def five_hundreds(run: Run) -> dict[str, int]:
    """5xx answers other than the database's 503: each would be a defect."""
    return {kind: n for kind, n in run.tally.by_kind().items() if kind.startswith("5") and kind != "503"}

