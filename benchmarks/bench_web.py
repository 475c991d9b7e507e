"""Web throughput with gunicorn (2 workers) on SQLite, measured in one run against a bare route.

Targets (issue 4): a question page reaches at least 35 % of the bare Flask route's requests
per second (the two alternate in short rounds, and the median round counts, because the
host's other load drifts over seconds); answer POSTs reach at least 200 per second with zero errors. Also records the
results page's first-load transfer size, gzip-compressed as a reverse proxy would send it.

Every POST is the real thing: a consented assessment, the CSRF token from its form, the
answers validated and saved in SQLite, a 303 redirect back. Load comes from client
processes on this machine (loopback only), bounded by time.

    .venv/bin/python benchmarks/bench_web.py
"""

from __future__ import annotations

import gzip
import http.client
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402

SECONDS = 3.0
WARMUP = 0.5
ROUNDS = 9  # bare route and question page alternate; the median share evens out noise from the host
CLIENTS = 4
BIN = Path(sys.executable).parent
QUESTION_PAGE_SHARE = 0.35
POSTS_PER_SECOND = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", target],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"gunicorn did not start for {target}")


class Session:
    """One keep-alive connection with a cookie jar of one cookie (the Flask session)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.cookie = ""

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, payload

    def csrf(self, path: str) -> str:
        status, page = self.request("GET", path)
        tag = re.search(rb'<input[^>]*name="csrf_token"[^>]*>', page)
        match = re.search(rb'value="([^"]+)"', tag.group(0)) if tag else None
        if status != 200 or match is None:
            raise RuntimeError(f"no form at {path} ({status})")
        return match.group(1).decode()

    def start(self, questionnaire: str) -> str:
        token = self.csrf(f"/check/{questionnaire}")
        self.connection.request("POST", f"/check/{questionnaire}",
                                body=urllib.parse.urlencode({"csrf_token": token, "agree": "y"}),
                                headers={"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = self.connection.getresponse()
        response.read()
        location = response.getheader("Location") or ""
        match = re.search(r"/a/([A-Za-z0-9_-]{32})/", location)
        if response.status != 303 or match is None:
            raise RuntimeError(f"could not start a check ({response.status})")
        return match.group(1)


def _run(kind: str, port: int, path: str, seconds: float, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    try:
        queue.put(_measure(kind, port, path, seconds))
    except Exception as exc:  # a broken set-up counts as failure, never as a silent hang
        print(f"client failed: {exc}", file=sys.stderr)
        queue.put((0, 1, seconds))


def _measure(kind: str, port: int, path: str, seconds: float) -> tuple[int, int, float]:
    session = Session(port)
    done = errors = 0
    if kind == "post":
        assessment = session.start("kmu-check")
        profile = {"industry": "trade", "crafts_business": "no", "size": "small", "state": "he", "postcode_region": "60"}
        csrf = session.csrf(f"/a/{assessment}/profile")
        session.request("POST", f"/a/{assessment}/profile", {"csrf_token": csrf, **profile})
        csrf = session.csrf(f"/a/{assessment}/strategy")
        body = {"csrf_token": csrf, "digital_relevance": "4", "digital_strategy": "written", "leadership_commitment": "3",
                "digital_responsible": "named_person", "progress_review": "yearly", "move": "next"}
    start = time.perf_counter()
    measured_from = start + WARMUP
    counting = False
    while (now := time.perf_counter()) < start + WARMUP + seconds:
        if not counting and now >= measured_from:
            counting, done, errors = True, 0, 0
        try:
            if kind == "post":
                status, _ = session.request("POST", f"/a/{assessment}/strategy", body)
                ok = status == 303
            else:
                status, _ = session.request("GET", path)
                ok = status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            session = Session(port)
        done += ok
        errors += not ok
    return done, errors, time.perf_counter() - measured_from


def load(kind: str, port: int, path: str = "/") -> tuple[float, int]:
    """Requests per second over all clients, and the number of failed requests."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    workers = [multiprocessing.Process(target=_run, args=(kind, port, path, SECONDS, queue)) for _ in range(CLIENTS)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=SECONDS + WARMUP + 60) for _ in workers]
    for worker in workers:
        worker.join()
    return sum(done / elapsed for done, _, elapsed in results), sum(errors for _, errors, _ in results)


def transfer_size(port: int) -> tuple[int, int]:
    """gzip bytes of a completed results page with its CSS and JS: (phone, desktop with Plotly)."""
    session = Session(port)
    assessment = session.start("quick-check")
    pages = ["profile", "strategy", "customers", "processes", "data_ai", "security", "people", "technology",
             "innovation", "sustainability"]
    profile = {"industry": "trade", "size": "small", "state": "he", "postcode_region": "60"}
    for page in pages:
        csrf = session.csrf(f"/a/{assessment}/{page}")
        session.request("POST", f"/a/{assessment}/{page}", {"csrf_token": csrf, **(profile if page == "profile" else {})})
    status, html = session.request("GET", f"/a/{assessment}/results")
    if status != 200:
        raise RuntimeError(f"results page answered {status}")
    assets = re.findall(rb'(?:href|src|data-plotly)="(/(?:static|assets)/[^"]+)"', html)
    sizes = {}
    for asset in set(assets):
        _, body = session.request("GET", asset.decode())
        sizes[asset.decode()] = len(gzip.compress(body, 6))
    phone = len(gzip.compress(html, 6)) + sum(v for k, v in sizes.items() if "plotly" not in k)
    return phone, phone + sum(v for k, v in sizes.items() if "plotly" in k)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="digicheck-bench-")
    env = {**os.environ, "DIGICHECK_INSTANCE_PATH": folder, "SECRET_KEY": "benchmark-only",
           "DATABASE_URL": f"sqlite:///{folder}/bench.db"}
    subprocess.run([str(BIN / "digicheck"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    bare_port, app_port = free_port(), free_port()
    bare = serve("benchmarks.bare_app:app", bare_port, env)
    app = serve("app:create_app()", app_port, env)
    try:
        session = Session(app_port)
        assessment = session.start("kmu-check")
        question_page = f"/a/{assessment}/processes"
        rounds = []
        for _ in range(ROUNDS):
            bare_rate, bare_errors = load("get", bare_port)
            page_rate, page_errors = load("get", app_port, question_page)
            rounds.append((page_rate / bare_rate, bare_rate, page_rate, bare_errors, page_errors))
        share, bare_rate, page_rate, _, _ = statistics.median_low(rounds)
        bare_errors = sum(r[3] for r in rounds)
        page_errors = sum(r[4] for r in rounds)
        post_rate, post_errors = load("post", app_port)
        phone, desktop = transfer_size(app_port)
    finally:
        bare.terminate()
        app.terminate()
        bare.wait()
        app.wait()
    print(describe())
    print(f"gunicorn 2 workers, SQLite, {CLIENTS} client processes, {SECONDS:g} s per measurement after {WARMUP:g} s warm-up")
    print("rounds (bare, question page, share): " + "; ".join(f"{b:.0f}, {p:.0f}, {s:.0%}" for s, b, p, _, _ in rounds))
    print(f"median round of {ROUNDS}:")
    print(f"bare Flask route:        {bare_rate:8.0f} req/s  ({bare_errors} errors)")
    print(f"question page (GET):     {page_rate:8.0f} req/s  ({page_errors} errors) = {share:.0%} of bare"
          f" · target >= {QUESTION_PAGE_SHARE:.0%}: {'met' if share >= QUESTION_PAGE_SHARE else 'NOT met'}")
    print(f"answer POST (saved):     {post_rate:8.0f} req/s  ({post_errors} errors)"
          f" · target >= {POSTS_PER_SECOND}/s, 0 errors: {'met' if post_rate >= POSTS_PER_SECOND and not post_errors else 'NOT met'}")
    print(f"results page first load, gzip: {phone / 1024:.0f} KiB on a phone (SVG chart), "
          f"{desktop / 1024:.0f} KiB on a desktop (with Plotly)")
    met = share >= QUESTION_PAGE_SHARE and post_rate >= POSTS_PER_SECOND and not post_errors
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
