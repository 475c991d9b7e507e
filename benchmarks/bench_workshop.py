"""A workshop of 200 participants on gunicorn (several processes), PostgreSQL and Redis, with 5 dashboards polling.

Targets (issue 14): an answer page saved in p95 ≤ 300 ms; a save shows on a dashboard in
p95 ≤ 2 s; no errors; no answer lost.

- The app runs as `gunicorn -w 4` (sync workers, no sticky anything) on a throwaway schema in
  PostgreSQL (`DIGICHECK_BENCH_POSTGRES_URL`, default postgresql://postgres@127.0.0.1:5432/test;
  dropped afterwards) and Redis (`DIGICHECK_BENCH_REDIS_URL`, keys under a unique prefix).
- 200 participants (threads in 4 client processes) join by the code, as phones do (join page,
  CSRF token, POST), and answer the full check (`kmu-check`) page by page with the golden answer
  sets: each page is fetched (its CSRF token) and posted, and the redirect says which page comes
  next. **Think time is compressed**: a participant waits 2-6 s (uniform, seeded) before each
  page instead of the minutes a person reads and thinks, and all 200 join within the first 10 s;
  the whole check takes about a minute instead of 20-30, so the server sees ~40 times a real
  room's rate of saves.
- 5 dashboards (a signed-in consultant's session each) poll the live part every second with
  `If-None-Match`, as static/js/workshop-live.js does.
- **The led pace** (the default; `--pace free` for everyone at their own pace): the consultant
  opens the pages one by one. A participant sent on to a page that is not open yet gets the
  waiting page and polls `/a/<token>/<page>/open` every 2 s, as static/js/workshop-wait.js
  does, then fetches the page once it is open. The consultant's projector polls its live part
  every second like the dashboards, reads how many are done with the open page, and opens the
  next one (POST, CSRF) once 90 % of the room is done with it, or 20 s after the first was.
  "Opened to seen": from the 303 of the consultant's open to the end of each waiting
  participant's poll that finds the page open.
- "Answer to dashboard": for each saved page (its 303 received) and each dashboard, the time
  until the end of that dashboard's first poll sent after the save (a 200 with a new ETag, or
  a 304 when an earlier poll already brought it). p95 over all pairs.
- Answers lost: afterwards the database must hold 200 finished participants whose stored
  answers are exactly the ones sent.
- All clients come from 127.0.0.1, so the join limits per address are raised for the run
  (a real room shares one address too: see the note in benchmarks/README.md).

    .venv/bin/python benchmarks/bench_workshop.py [--participants 200] [--dashboards 5] [--workers 4] [--pace led]
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from bisect import bisect_left
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402

BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("DIGICHECK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("DIGICHECK_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
SAVE_P95 = 0.300
LIVE_P95 = 2.0
THINK = (2.0, 6.0)
JOIN_SPREAD = 10.0
POLL_EVERY = 1.0
WAIT_POLL_EVERY = 2.0  # static/js/workshop-wait.js
LEAD_SHARE = 0.9  # the consultant opens the next page once this share of the room is done with the open one
LEAD_LONGEST = 20.0  # ... or this many seconds after the first was done with it (the stragglers go on alone)
CASES = ["kmu-check-average", "kmu-check-beginner", "kmu-check-leader", "kmu-check-logistics-hamburg",
         "kmu-check-manufacturer-saxony"]
CHECK = "kmu-check"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Session:
    """One connection (reopened when gunicorn's sync worker closes it) with the Flask session cookie."""

    def __init__(self, port: int, cookie: str = ""):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = cookie

    def request(self, method: str, path: str, body: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
        sent = dict(headers or {})
        if self.cookie:
            sent["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=data, headers=sent)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.connection.close()  # the worker closed the idle connection: once more on a new one
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=data, headers=sent)
            response = self.connection.getresponse()
        payload = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, payload, response


def csrf_of(page: bytes) -> str:
    tag = re.search(rb'<input[^>]*name="csrf_token"[^>]*>', page)
    match = re.search(rb'value="([^"]+)"', tag.group(0)) if tag else None
    if match is None:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1).decode()


@functools.lru_cache(maxsize=None)
def page_form(case: str, page_id: str) -> tuple[tuple[str, Any], ...]:
    """What a phone posts for this case's page: made once per client process (form_data reads the
    whole catalogue, ~0.1 s of CPU the server would otherwise lose to the simulated phones)."""
    from tests.app.checkflow import answer_set, form_data

    values = answer_set(case)
    return tuple(form_data(CHECK, page_id, values["profile"] if page_id == "profile" else values["answers"]).items())


def wait_for_page(session: Session, html: bytes, record: dict[str, Any], page_id: str) -> None:
    """On the waiting page: ask whether the page is open every WAIT_POLL_EVERY, as workshop-wait.js does."""
    found = re.search(rb'data-wait-url="([^"]+)"', html)
    assert found is not None
    url = found.group(1).decode().replace("&amp;", "&")
    while True:
        time.sleep(WAIT_POLL_EVERY)
        started = time.time()
        status, body, _ = session.request("GET", url)
        ended = time.time()
        if status != 200:
            raise RuntimeError(f"waiting poll {page_id}: {status}")
        record["polls"].append(ended - started)
        if json.loads(body)["open"]:
            record["seen"].append((page_id, ended))
            return


def participant(port: int, code: str, number: int, out: list[dict[str, Any]], lock: threading.Lock) -> None:
    rng = random.Random(number)
    record: dict[str, Any] = {"number": number, "saves": [], "errors": [], "token": None, "polls": [], "seen": []}
    case = CASES[number % len(CASES)]
    session = Session(port)
    try:
        time.sleep(rng.uniform(0, JOIN_SPREAD))
        status, page, _ = session.request("GET", f"/w/{code}")
        if status != 200:
            raise RuntimeError(f"join page {status}")
        status, _, response = session.request("POST", f"/w/{code}", {"csrf_token": csrf_of(page), "role": ""})
        location = response.getheader("Location") or ""
        found = re.search(r"/a/([A-Za-z0-9_-]{32})/([a-z_-]+)$", location)
        if status != 303 or not found:
            raise RuntimeError(f"join {status} {location}")
        token, page_id = found.group(1), found.group(2)
        record["token"] = token
        while page_id != "results":
            time.sleep(rng.uniform(*THINK))
            status, html, _ = session.request("GET", f"/a/{token}/{page_id}")
            if status == 200 and b"data-wait-url=" in html:  # the led room is not there yet
                wait_for_page(session, html, record, page_id)
                status, html, _ = session.request("GET", f"/a/{token}/{page_id}")
            if status != 200:
                raise RuntimeError(f"GET {page_id}: {status}")
            body = {"csrf_token": csrf_of(html), **dict(page_form(case, page_id))}
            started = time.time()
            status, _, response = session.request("POST", f"/a/{token}/{page_id}", body)
            ended = time.time()
            location = response.getheader("Location") or ""
            if status != 303:
                raise RuntimeError(f"POST {page_id}: {status}")
            record["saves"].append((started, ended))
            page_id = location.rstrip("/").rsplit("/", 1)[1]
    except Exception as error:  # noqa: BLE001 - every failure is counted, none hangs the run
        record["errors"].append(f"participant {number}: {error}")
    with lock:
        out.append(record)


def participants_process(port: int, code: str, numbers: list[int], queue: Any) -> None:
    from questionnaires import load_catalogue

    q = load_catalogue().get(CHECK)
    assert q is not None
    for case in CASES:  # before the clock starts
        for page_id in ["profile", *(p.id for p in q.question_pages)]:
            page_form(case, page_id)
    out: list[dict[str, Any]] = []
    lock = threading.Lock()
    threads = [threading.Thread(target=participant, args=(port, code, n, out, lock)) for n in numbers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(("participants", out))


def dashboards_process(port: int, cookie: str, url: str, version: str, count: int, stop_at: Any,
                       queue: Any) -> None:
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def poll(number: int) -> None:
        session = Session(port, cookie)
        current, changed, final = version, 0, ""
        polls: list[tuple[float, float, int]] = []
        errors: list[str] = []
        next_at = time.time() + number * POLL_EVERY / count
        while time.time() < stop_at():
            time.sleep(max(0.0, next_at - time.time()))
            next_at += POLL_EVERY
            started = time.time()
            try:
                status, body, response = session.request("GET", url, headers={"If-None-Match": f'"{current}"'})
            except Exception as error:  # noqa: BLE001
                errors.append(f"dashboard {number}: {error}")
                continue
            ended = time.time()
            if status == 200:
                current, changed = (response.getheader("ETag") or "").strip('"'), changed + 1
            elif status != 304:
                errors.append(f"dashboard {number}: {status}")
                continue
            polls.append((started, ended, status))
            if status == 200:
                final = body.decode()
        with lock:
            results.append({"polls": polls, "errors": errors, "changed": changed, "final": final})

    threads = [threading.Thread(target=poll, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(("dashboards", results))


def lead(port: int, cookie: str, workshop_id: int, page_ids: list[str], room_size: int, done: Any,
         opens: dict[str, float], errors: list[str]) -> None:
    """The consultant at the projector: its live part polled every second (the count of who is done
    with the open page read off it), the next page opened once most of the room is done."""
    session = Session(port, cookie)
    status, page, _ = session.request("GET", f"/workshops/{workshop_id}")
    found = re.search(rb'data-live-url="([^"]+)" data-live-version="([^"]+)"', page)
    if status != 200 or found is None:
        errors.append(f"projector: {status}")
        return
    url, current = found.group(1).decode().replace("&amp;", "&"), found.group(2).decode()
    index, count, first_done = 1, 0, 0.0  # the first question page is open from the start
    while index + 1 < len(page_ids) and not done.is_set():
        time.sleep(POLL_EVERY)
        status, body, response = session.request("GET", url, headers={"If-None-Match": f'"{current}"'})
        if status == 200:
            current = (response.getheader("ETag") or "").strip('"')
            room = re.search(rb'data-room-page="([^"]+)" hidden>(\d+)', body)
            if room and room.group(1).decode() == page_ids[index]:
                count = int(room.group(2))
                first_done = first_done or (time.time() if count else 0.0)
        elif status != 304:
            errors.append(f"projector poll: {status}")
        if count < LEAD_SHARE * room_size and not (first_done and time.time() - first_done >= LEAD_LONGEST):
            continue
        status, page, _ = session.request("GET", f"/workshops/{workshop_id}")
        status, _, _ = session.request("POST", f"/workshops/{workshop_id}/open-page", {
            "csrf_token": csrf_of(page), "page": page_ids[index + 1], "view": "projector"})
        if status != 303:
            errors.append(f"open {page_ids[index + 1]}: {status}")
            return
        index, count, first_done = index + 1, 0, 0.0
        opens[page_ids[index]] = time.time()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--dashboards", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--pace", choices=("led", "free"), default="led")
    arguments = parser.parse_args()

    import sqlalchemy

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = sqlalchemy.create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    database = POSTGRES + ("&" if "?" in POSTGRES else "?") + urllib.parse.urlencode({"options": f"-csearch_path={schema}"})
    instance = tempfile.mkdtemp(prefix="bench-workshop-")
    prefix = f"bench-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "DATABASE_URL": database, "DIGICHECK_REDIS_URL": REDIS, "DIGICHECK_REDIS_PREFIX": prefix,
           "SECRET_KEY": uuid.uuid4().hex, "DIGICHECK_INSTANCE_PATH": instance,
           # every simulated phone comes from 127.0.0.1: the per-address join limit would stop the room
           "DIGICHECK_LIMIT_JOIN": "100000 per minute", "DIGICHECK_LIMIT_JOIN_CODE": "100000 per minute",
           "DIGICHECK_LIMIT_START": "100000 per minute"}
    server = None
    try:
        os.environ.update({k: env[k] for k in ("DATABASE_URL", "DIGICHECK_REDIS_URL", "DIGICHECK_REDIS_PREFIX",
                                                "SECRET_KEY", "DIGICHECK_INSTANCE_PATH")})
        app, workshop_id, code, cookie, page_ids = set_up(arguments.pace)
        port = free_port()
        server = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(arguments.workers), "-b", f"127.0.0.1:{port}",
                                   "--log-level", "warning", "app:create_app()"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(port)
        status, page, _ = Session(port, cookie).request("GET", f"/workshops/{workshop_id}/dashboard")
        found = re.search(rb'data-live-url="([^"]+)" data-live-version="([^"]+)"', page)
        if status != 200 or not found:
            raise SystemExit(f"the dashboard did not open ({status})")
        url, version = found.group(1).decode().replace("&amp;", "&"), found.group(2).decode()

        queue: Any = multiprocessing.Queue()
        numbers = list(range(arguments.participants))
        chunks = [numbers[i::arguments.client_processes] for i in range(arguments.client_processes)]
        done = multiprocessing.Event()
        started = time.time()
        clients = [multiprocessing.Process(target=participants_process, args=(port, code, chunk, queue))
                   for chunk in chunks if chunk]
        watcher = multiprocessing.Process(target=dashboards_process, args=(
            port, cookie, url, version, arguments.dashboards, _StopAt(done), queue))
        opens: dict[str, float] = {}
        lead_errors: list[str] = []
        leader = threading.Thread(target=lead, args=(port, cookie, workshop_id, page_ids, arguments.participants,
                                                     done, opens, lead_errors))
        watcher.start()
        for c in clients:
            c.start()
        if arguments.pace == "led":
            leader.start()
        records: list[dict[str, Any]] = []
        for _ in clients:
            kind, data = queue.get()
            records.extend(data)
        time.sleep(3 * POLL_EVERY)  # the dashboards see the last saves
        done.set()
        if arguments.pace == "led":
            leader.join()
        kind, dashboards = queue.get()
        for c in [*clients, watcher]:
            c.join()
        elapsed = time.time() - started
        return report(app, workshop_id, records, dashboards, elapsed, arguments, opens, lead_errors)
    finally:
        if server is not None:
            server.terminate()
            try:
                _, err = server.communicate(timeout=20)
                if b"Traceback" in err or b"Error" in err:
                    print("gunicorn said:\n" + err.decode()[-3000:], file=sys.stderr)
            except subprocess.TimeoutExpired:
                server.kill()
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
        import redis

        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


class _StopAt:
    """Picklable: the dashboards poll until the participants are done (plus a few polls)."""

    def __init__(self, event: Any):
        self.event = event

    def __call__(self) -> float:
        return 0.0 if self.event.is_set() else float("inf")


def set_up(pace: str) -> tuple[Any, int, str, str, list[str]]:
    """Schema, a hub, a consultant, a workshop of the full check; a signed-in session cookie, the check's pages."""
    import flask_migrate

    from app import accounts, create_app, organisations, workshops
    from app.answering import pages
    from app.content import catalogue
    from app.extensions import db

    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
        hub = organisations.create("bench-hub", "Bench Hub", "hub")
        invited = accounts.invite("consultant@bench.de", organisation=hub, role="consultant")
        db.session.flush()
        account = accounts.accept(accounts.open_invitation(invited.token), password="correct horse battery staple")
        q = catalogue().get(CHECK)
        assert q is not None
        made = workshops.create(hub, None, q, "Bench GmbH", pace=pace)
        page_ids = pages(q)
        db.session.commit()
        workshop_id, code = made.id, made.code
        uniquifier = accounts.find_account("consultant@bench.de").fs_uniquifier  # type: ignore[union-attr]
    del account
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = uniquifier
        session["_fresh"] = True
        session["fs_paa"] = time.time()
    cookie = client.get_cookie("session")
    assert cookie is not None
    return app, workshop_id, code, f"session={cookie.value}", page_ids


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def report(app: Any, workshop_id: int, records: list[dict[str, Any]], dashboards: list[dict[str, Any]],
           elapsed: float, arguments: Any, opens: dict[str, float], lead_errors: list[str]) -> int:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Assessment
    saves = [(start, end) for r in records for start, end in r["saves"]]
    save_times = [end - start for start, end in saves]
    errors = [e for r in records for e in r["errors"]] + [e for d in dashboards for e in d["errors"]] + lead_errors
    live: list[float] = []
    for d in dashboards:
        starts = [p[0] for p in d["polls"]]
        for _start, end in saves:
            i = bisect_left(starts, end)
            if i < len(starts):
                live.append(d["polls"][i][1] - end)
            else:
                errors.append("a save no dashboard poll followed")
    from app import create_app
    from app.assessments import hash_token
    from tests.app.checkflow import complete

    # What each answer set stores, taken through the same pages in-process (CSRF off): the reference.
    reference_app = create_app({"WTF_CSRF_ENABLED": False})
    reference: dict[str, dict[str, Any]] = {}
    for case in CASES:
        token = complete(reference_app.test_client(), case)
        with reference_app.app_context():
            reference[case] = db.session.scalar(select(Assessment.answers).where(
                Assessment.token_hash == hash_token(token))) or {}
    expected = {hash_token(r["token"]): reference[CASES[r["number"] % len(CASES)]] for r in records if r["token"]}
    with app.app_context():
        rows = db.session.execute(select(Assessment.token_hash, Assessment.answers, Assessment.completed_at)
                                  .where(Assessment.workshop_id == workshop_id)).all()
    finished = sum(1 for row in rows if row.completed_at is not None)
    lost = arguments.participants - finished  # a participant not finished lost at least a page
    for row in rows:
        want = expected.get(row.token_hash)
        stored = row.answers or {}
        if want is None:
            lost += 1
            continue
        lost += sum(1 for key, value in want.items() if stored.get(key) != value)
    polls = sum(len(d["polls"]) for d in dashboards)
    changed = sum(d["changed"] for d in dashboards)
    final = dashboards[0]["final"] if dashboards else ""
    shown = re.search(r"(\d+) (?:participants? joined|Teilnehmende? beigetreten) · (\d+) (?:finished|fertig)", final)
    print(describe())
    print(f"{arguments.participants} participants, {arguments.dashboards} dashboards, gunicorn -w {arguments.workers} "
          f"(sync), PostgreSQL + Redis; think time {THINK[0]:.0f}-{THINK[1]:.0f} s per page; pace {arguments.pace}; "
          f"{elapsed:.0f} s")
    print(f"answer pages saved: {len(save_times)}; p50 {statistics.median(save_times) * 1000:.0f} ms, "
          f"p95 {percentile(save_times, 0.95) * 1000:.0f} ms, max {max(save_times) * 1000:.0f} ms "
          f"(target p95 ≤ {SAVE_P95 * 1000:.0f} ms)")
    print(f"answer to dashboard: p50 {statistics.median(live):.2f} s, p95 {percentile(live, 0.95):.2f} s, "
          f"max {max(live):.2f} s over {len(live)} save×dashboard pairs (target p95 ≤ {LIVE_P95:.0f} s)")
    print(f"dashboard polls: {polls}, of which 200 (new ETag): {changed}, 304: {polls - changed}")
    print(f"last dashboard part: {shown.group(0) if shown else 'not seen'}")
    if arguments.pace == "led":
        waits = [t for r in records for t in r["polls"]]
        seen = [at - opens[page] for r in records for page, at in r["seen"] if page in opens]
        print(f"led pace: {len(opens)} pages opened by the projector "
              f"({', '.join(f'{opens[p] - started_at(records):.0f} s' for p in opens)} after the first save)")
        if waits:
            print(f"waiting polls: {len(waits)}; p50 {statistics.median(waits) * 1000:.0f} ms, "
                  f"p95 {percentile(waits, 0.95) * 1000:.0f} ms, max {max(waits) * 1000:.0f} ms")
        if seen:
            print(f"opened to seen: p50 {statistics.median(seen):.2f} s, p95 {percentile(seen, 0.95):.2f} s, "
                  f"max {max(seen):.2f} s over {len(seen)} waiting participants × pages (polls every "
                  f"{WAIT_POLL_EVERY:.0f} s)")
    print(f"errors: {len(errors)}; finished in the database: {finished}/{arguments.participants}; answers lost: {lost}")
    for error in errors[:10]:
        print("  " + error)
    ok = (percentile(save_times, 0.95) <= SAVE_P95 and percentile(live, 0.95) <= LIVE_P95 and not errors
          and lost == 0)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


def started_at(records: list[dict[str, Any]]) -> float:
    """The first save of the run, as the zero of the pages' opening times."""
    return min((start for r in records for start, _end in r["saves"]), default=0.0)


if __name__ == "__main__":
    raise SystemExit(main())
