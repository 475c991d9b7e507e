"""A hub's aggregates over 1,000,000 stored assessments, on SQLite and PostgreSQL (issue 15).

Targets: every hub page and API call <= 1 s and within 5x a plain `count(*)` over the same rows;
closing a quarter of 250,000 assessments (every snapshot with its suppression) in under a minute.

Data, written in bulk (executemany on SQLite, COPY on PostgreSQL), not through the web flow:
1,000,000 assessments with their result and six result_dimension rows each, 250,000 in each
of four quarters (2026-Q1 to Q3 closed, 2026-Q4 running), 20 industries, 4 size classes,
16 states, 95 two-digit postcode regions (a few of each not given), consent to statistics 70 %,
demo rows, workshop participants and consensus results, two checks (90 % / 10 %), and six
organisations with entry links, states, postcode regions and their own region detail and
threshold. Scores come from a seeded pool of firms with correlated areas.

Measured, with "now" in 2026-Q4:
- `aggregates.close_quarter("2026-Q3")`: every snapshot of the nation and the six organisations,
  split into the SQL (`groups`) and the disclosure rules (`snapshot`), per snapshot;
- what one hub page or API call reads, per organisation and the nation: `find` + `cells` of every
  breakdown, `series`, and `running_count` (the only query over result rows), each in a fresh
  session; against `SELECT count(*) FROM result WHERE quarter = <running>` (the running
  quarter's rows, which the running count filters).
PostgreSQL is ANALYZEd after the load (autovacuum would do it); SQLite is not (the app never does).

    .venv/bin/python benchmarks/bench_hub.py                    # both databases, 1,000,000
    .venv/bin/python benchmarks/bench_hub.py --rows 100000 --only sqlite --profile
    .venv/bin/python benchmarks/bench_hub.py --only sqlite --workers 1          # each snapshot's rules timed
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402

POSTGRES = os.environ.get("DIGICHECK_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SCHEMA = "bench_hub"
NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
CLOSE, RUNNING = "2026-Q3", "2026-Q4"
CHECKS = (("quick-check", 0.9), ("kmu-check", 0.1))
AREAS = ("strategy", "customers", "processes", "data_ai", "security", "people")
LEVELS = ((80.0, "leader"), (60.0, "advanced"), (40.0, "practitioner"), (20.0, "explorer"), (0.0, "beginner"))
INDUSTRIES = tuple("ABCDEFGHIJKLMNOPQRS") + ("T",)  # 20 WZ sections
SIZES = ("micro", "small", "medium", "large")
STATES = ("BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH")
REGIONS = tuple(f"{n:02d}" for n in range(1, 100) if n not in (5, 11, 62, 43))  # 95 two-digit regions
ORGANISATIONS = (  # slug, kind, states, postcode regions, region detail, threshold
    ("hub-st", "hub", ["ST"], [], "state", 10),
    ("hub-by", "hub", ["BY"], [], "postcode_region", 10),
    ("edih-nord", "edih", ["HB", "HH", "SH", "MV"], [], "state", 10),
    ("mdz-ruhr", "mdz", [], [f"{n}" for n in range(40, 48)], "postcode_region", 10),
    ("ihk-magdeburg", "chamber", [], ["39"], "postcode_region", 15),
    ("beratung-x", "consultancy", [], [], "state", 10),
)
NO_RULES = False
"""--no-rules: snapshots without any disclosure rule (same shape and size), to time the SQL and the reads alone."""
PAGE_LIMIT, COUNT_RATIO, CLOSE_LIMIT = 1.0, 5.0, 60.0
STAMP = "2026-08-01 00:00:00.000000"


def level_of(score: float) -> str:
    return next(level for start, level in LEVELS if score >= start)


def state_of(region: str) -> str:
    """A plausible state per postcode region (only so that regions and states go together)."""
    return STATES[int(region) * 7 % len(STATES)]


def rows(count: int, seed: int = 15) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(assessment, result, dimensions) per assessment, as plain tuples in the column order below."""
    rng = random.Random(seed)
    pool = []  # 20,000 firms' scores: a firm's areas move together
    for _ in range(20_000):
        base = rng.uniform(10, 90)
        scores = [min(100.0, max(0.0, round(rng.gauss(base, 12), 1))) for _ in AREAS]
        overall = round(sum(scores) / len(scores), 1)
        pool.append((overall, level_of(overall), [(a, s, level_of(s)) for a, s in zip(AREAS, scores, strict=True)]))
    industries = rng.choices(INDUSTRIES + (None,), weights=[*(1 + i % 5 for i in range(20)), 2], k=4096)
    sizes = rng.choices(SIZES + (None,), weights=[40, 30, 15, 5, 2], k=4096)
    regions = rng.choices(REGIONS, k=4096)
    for i in range(1, count + 1):
        r = rng.random()
        quarter = QUARTERS[i % 4]
        check = CHECKS[0][0] if r < CHECKS[0][1] else CHECKS[1][0]
        region = regions[rng.getrandbits(12)] if rng.random() > 0.02 else None
        state = state_of(region) if region else (rng.choice(STATES) if rng.random() < 0.5 else None)
        consent = rng.random() < 0.7
        demo = rng.random() < 0.005
        kind = rng.random()
        organisation, source = None, "public"
        if kind < 0.02:
            source = "workshop_participant"
        elif kind < 0.025:
            source, organisation = "workshop_consensus", 1 + rng.getrandbits(8) % len(ORGANISATIONS)
        elif kind < 0.175:
            source, organisation = "entry_link", 1 + rng.getrandbits(8) % len(ORGANISATIONS)
        industry, size = industries[rng.getrandbits(12)], sizes[rng.getrandbits(12)]
        overall, level, areas = pool[rng.getrandbits(14) % len(pool)]
        yield ((i, f"{i:064x}", check, "1", "bench", "de", "{}", "{}", "[]", industry, size, state, "bench", consent,
                STAMP, STAMP, STAMP, STAMP, "2026-08-01", organisation, demo),
               (i, check, "1", industry, size, state, region, quarter, source, organisation, None, consent, demo,
                overall, level, STAMP),
               [(i, a, s, lv) for a, s, lv in areas])


ASSESSMENT = ("id", "token_hash", "questionnaire_id", "questionnaire_version", "content_hash", "language", "profile",
              "answers", "pages_done", "industry", "size_class", "state", "consent_version", "consent_statistics",
              "consented_at", "created_at", "updated_at", "completed_at", "last_visit", "organisation_id", "demo")
RESULT = ("assessment_id", "questionnaire_id", "questionnaire_version", "industry", "size_class", "state",
          "postcode_region", "quarter", "source", "organisation_id", "previous_id", "consent_statistics", "demo",
          "score", "level_id", "completed_at")
DIMENSION = ("assessment_id", "dimension_id", "score", "level_id")


def organisations(app: Any) -> None:
    from app.extensions import db
    from app.models import EntryLink, Organisation

    with app.app_context():
        for slug, kind, states, regions, detail, threshold in ORGANISATIONS:
            o = Organisation(slug=slug, name=slug, kind=kind, states=states, postcode_regions=regions,
                             region_detail=detail, aggregate_threshold=threshold)
            o.entry_links.append(EntryLink(slug=f"{slug}-start", questionnaires=[c for c, _ in CHECKS]))
            db.session.add(o)
        db.session.commit()


def load(app: Any, kind: str, count: int) -> float:
    """Write `count` assessments in bulk; the seconds it took."""
    from app.extensions import db

    began = time.perf_counter()
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            if kind == "sqlite":
                _load_sqlite(raw.driver_connection, count)
            else:
                _load_postgres(raw.driver_connection, count)
            raw.commit()
        finally:
            raw.close()
    return time.perf_counter() - began


def _batches(count: int, size: int = 50_000) -> Iterator[tuple[list[Any], list[Any], list[Any]]]:
    a, r, d = [], [], []
    for assessment, result, dimensions in rows(count):
        a.append(assessment)
        r.append(result)
        d += dimensions
        if len(a) == size:
            yield a, r, d
            a, r, d = [], [], []
    if a:
        yield a, r, d


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _load_sqlite(connection: Any, count: int) -> None:
    connection.commit()
    connection.execute("PRAGMA synchronous = OFF")
    for a, r, d in _batches(count):
        connection.executemany(_insert("assessment", ASSESSMENT), a)
        connection.executemany(_insert("result", RESULT), r)
        connection.executemany(_insert("result_dimension", DIMENSION), d)
    connection.commit()
    connection.execute("PRAGMA synchronous = FULL")


def _load_postgres(connection: Any, count: int) -> None:
    with connection.cursor() as cursor:
        for a, r, d in _batches(count):
            for table, columns, data in (("assessment", ASSESSMENT, a), ("result", RESULT, r),
                                         ("result_dimension", DIMENSION, d)):
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
        cursor.execute("ANALYZE")


@contextmanager
def database(kind: str, folder: Path) -> Iterator[dict[str, Any]]:
    if kind == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"}
        return
    import sqlalchemy

    url = POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{SCHEMA}"'))
    try:
        yield {"SQLALCHEMY_DATABASE_URI": url,
               "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={SCHEMA}"}}}
    finally:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
        engine.dispose()


def close(app: Any, profile: bool, workers: int) -> tuple[float, list[tuple[str, str, int, float, float | None]]]:
    """close_quarter of CLOSE: total seconds, and per snapshot (who, check, firms, SQL s, rules s).

    With one worker everything runs here and each snapshot's rules are timed; with more, large
    snapshots' rules run in worker processes beside the SQL (their time is in the total only).
    """
    from app import aggregates
    from app.extensions import db

    per: list[tuple[str, str, int, float, float | None]] = []
    real_groups, real_snapshot = aggregates.groups, aggregates.snapshot
    sql: list[float] = []
    rules: list[float | None] = []

    def timed_groups(*args: Any) -> Any:
        began = time.perf_counter()
        found = real_groups(*args)
        sql.append(time.perf_counter() - began)
        rules.append(None)
        return found

    def timed_snapshot(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        made = real_snapshot(*args, **kwargs, suppress=not NO_RULES)
        rules[-1] = time.perf_counter() - began
        return made

    aggregates.groups = timed_groups  # type: ignore[assignment]
    if workers == 1:  # a wrapped function cannot be sent to a worker process
        aggregates.snapshot = timed_snapshot  # type: ignore[assignment]
    profiler = cProfile.Profile() if profile else None
    try:
        with app.app_context():
            began = time.perf_counter()
            if profiler:
                profiler.enable()
            made = aggregates.close_quarter(CLOSE, now=NOW, workers=workers)
            db.session.commit()
            if profiler:
                profiler.disable()
            total = time.perf_counter() - began
            names = {None: "nation"} | {i + 1: o[0] for i, o in enumerate(ORGANISATIONS)}
            for s, q, r in zip(made, sql, rules, strict=True):
                per.append((names[s.organisation_id], s.questionnaire_id, s.firms, q, r))
    finally:
        aggregates.groups, aggregates.snapshot = real_groups, real_snapshot  # type: ignore[assignment]
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(25)
        print(out.getvalue())
    return total, per


def page(organisation_id: int | None) -> None:
    """What one hub page or API call reads: the snapshot, every breakdown's cells, the series, the running count."""
    from app import aggregates
    from app.extensions import db
    from app.models import Organisation

    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    for check, _ in CHECKS:
        stored = aggregates.find(organisation_id, check, CLOSE)
        assert stored is not None
        for b in aggregates.BREAKDOWNS:
            aggregates.cells(stored, b)
        aggregates.series(organisation_id, check)
        aggregates.running_count(organisation, check, now=NOW)


def reads(app: Any, repeats: int = 7) -> tuple[float, list[tuple[str, float, float, float]]]:
    """Median seconds of the plain count, and per organisation: page median, worst, running_count median."""
    from sqlalchemy import text

    from app import aggregates
    from app.extensions import db
    from app.models import Organisation

    def best_of(action: Any) -> list[float]:
        times = []
        for _ in range(repeats + 1):
            db.session.remove()
            began = time.perf_counter()
            action()
            times.append(time.perf_counter() - began)
        return times[1:]  # the first warms the caches

    with app.app_context():
        plain = statistics.median(best_of(lambda: db.session.execute(
            text("SELECT count(*) FROM result WHERE quarter = :q"), {"q": RUNNING}).scalar()))
        out = []
        for name, oid in [("nation", None), *((o[0], i + 1) for i, o in enumerate(ORGANISATIONS))]:
            times = best_of(lambda oid=oid: page(oid))
            counting = best_of(lambda oid=oid: aggregates.running_count(
                db.session.get(Organisation, oid) if oid else None, CHECKS[0][0], now=NOW))
            out.append((name, statistics.median(times), max(times), statistics.median(counting)))
    return plain, out


def run(kind: str, count: int, profile: bool, workers: int) -> bool:
    import flask_migrate

    from app import create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-", dir=_scratch()))
    try:
        with database(kind, folder) as config:
            os.environ["DIGICHECK_INSTANCE_PATH"] = str(folder / "instance")
            app = create_app({"TESTING": True, "SECRET_KEY": "bench", **config})
            with app.app_context():
                flask_migrate.upgrade()
            organisations(app)
            seconds = load(app, kind, count)
            print(f"{kind:8} wrote {count:,} assessments ({count:,} results, {count * 6:,} dimension rows) "
                  f"in {seconds:.1f} s", flush=True)
            total, per = close(app, profile, workers)
            plain, pages = reads(app)
            with app.app_context():
                from app.extensions import db

                db.session.remove()
                db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    closed = sum(1 for row in per if row[1] == CHECKS[0][0])
    firms = next(row[2] for row in per if row[0] == "nation" and row[1] == CHECKS[0][0])
    if NO_RULES:
        print(f"{kind:8} --no-rules: snapshots made WITHOUT the disclosure rules; the close figure is not the target's")
    print(f"{kind:8} close_quarter {CLOSE} ({count // 4:,} assessments; {len(per)} snapshots; {workers} worker "
          f"process{'es' if workers > 1 else ''}): {total:.1f} s "
          f"(target < {CLOSE_LIMIT:.0f} s) {'ok' if total < CLOSE_LIMIT else 'NOT MET'}")
    for who, check, n, q, r in per:
        ruled = f"rules {r:6.2f} s" if r is not None else "rules in a worker"
        print(f"{kind:8}   {who:14} {check:12} {n:>7,} firms: SQL {q:6.2f} s, {ruled}")
    print(f"{kind:8}   ({closed - 1} organisations + nation; the nation's quick-check holds {firms:,} firms)")
    ok = total < CLOSE_LIMIT and not NO_RULES
    print(f"{kind:8} SELECT count(*) over the running quarter's {count // 4:,} rows: {plain * 1000:.1f} ms")
    for who, median, worst, counting in pages:
        fine = worst <= PAGE_LIMIT and median <= COUNT_RATIO * plain
        ok &= fine
        print(f"{kind:8}   page {who:14} median {median * 1000:7.1f} ms (worst {worst * 1000:7.1f} ms) "
              f"= x{median / plain:.2f} the count; running_count {counting * 1000:6.1f} ms "
              f"{'ok' if fine else 'NOT MET'}")
    return ok


def _scratch() -> str:
    """A folder for the SQLite database, in the system's temporary directory."""
    path = Path(tempfile.gettempdir()) / "digicheck-bench-hub"
    path.mkdir(exist_ok=True)
    return str(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--profile", action="store_true", help="cProfile the quarter's close (this process only)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the disclosure rules (default: one per core; 1 times each snapshot's rules)")
    parser.add_argument("--no-rules", action="store_true",
                        help="close without the disclosure rules (times the SQL and the reads only; never for real)")
    args = parser.parse_args()
    global NO_RULES
    NO_RULES = args.no_rules
    print(describe())
    ok = True
    workers = 1 if args.no_rules or args.profile else args.workers
    for kind in [args.only] if args.only else ["sqlite", "postgres"]:
        ok &= run(kind, args.rows, args.profile, workers)
    print("targets met" if ok else "targets NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
