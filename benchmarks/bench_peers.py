"""The results page with 1,000 and with 100,000 stored peers in the same group, on SQLite and PostgreSQL.

Target (issue 13): with 100,000 peers the page takes at most 1.2 times as long as with 1,000,
and the memory a request allocates (tracemalloc peak) does not grow with the peers. The peer
comparison reads the score histogram kept on write, so both should hold by construction;
this measures it.

Peers are written fast, not through the web flow: assessments, their results and dimension
rows with bulk inserts, and the histogram counts with the same upsert the app uses
(app.results). The firm looking at its page completes the check through the Flask test
client, like a person. Requests go through the test client, warm (3 requests first).

PostgreSQL runs in a throwaway schema of the database named by DIGICHECK_TEST_POSTGRES_URL
(skipped when it is not set), dropped afterwards.

    DIGICHECK_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python benchmarks/bench_peers.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from tests.app.checkflow import answer_set, complete  # noqa: E402
from tests.conftest import database_settings  # noqa: E402

CASE = "quick-check-average"
SMALL, LARGE = 1_000, 100_000
REQUESTS = 15
TIME_RATIO = 1.2


def add_peers(app: Any, count: int, start: int) -> None:
    """`count` completed, consented assessments of the firm's group, with results and histogram counts."""
    from sqlalchemy import insert

    from app import results
    from app.content import catalogue
    from app.extensions import db
    from app.models import Assessment, StoredDimension, StoredResult

    answers = answer_set(CASE)
    profile = answers["profile"]
    rng = random.Random(start)
    now = datetime.now(UTC)
    with app.app_context():
        q = catalogue().get(answers["questionnaire"], answers["version"])
        assert q is not None
        for first in range(start, start + count, 5_000):
            ids = range(first, min(first + 5_000, start + count))
            people, stored, dimensions = [], [], []
            deltas: Counter[results.Cell] = Counter()
            for n in ids:
                people.append({
                    "id": n, "token_hash": f"{n:064x}", "questionnaire_id": q.id, "questionnaire_version": q.version,
                    "content_hash": q.content_hash, "language": "de", "profile": profile, "answers": {},
                    "pages_done": [], "industry": profile["industry"], "size_class": profile["size"],
                    "state": profile.get("state"), "consent_version": "bench", "consent_statistics": True,
                    "consented_at": now, "created_at": now, "updated_at": now, "completed_at": now,
                    "last_visit": now.date(), "demo": False,
                })
                scores = {d.id: round(rng.uniform(0, 100), 1) for d in q.dimensions}
                overall = round(statistics.fmean(scores.values()), 1)
                row = {"assessment_id": n, "questionnaire_id": q.id, "questionnaire_version": q.version,
                       "industry": profile["industry"], "size_class": profile["size"], "state": profile.get("state"),
                       "postcode_region": None, "quarter": results.quarter(now), "source": "public",
                       "previous_id": None, "consent_statistics": True, "demo": False, "score": overall,
                       "level_id": None, "completed_at": now}
                stored.append(row)
                dimensions.extend({"assessment_id": n, "dimension_id": d, "score": s, "level_id": None}
                                  for d, s in scores.items())
                deltas.update(results._cells(row, overall, scores.items()))
            db.session.execute(insert(Assessment), people)
            db.session.execute(insert(StoredResult), stored)
            db.session.execute(insert(StoredDimension), dimensions)
            results._apply(deltas)
            db.session.commit()


def measure(client: Any, token: str) -> tuple[float, float, int]:
    """Median and best seconds per results page, and the tracemalloc peak (bytes) of one request."""
    for _ in range(3):
        assert client.get(f"/a/{token}/results").status_code == 200
    times = []
    for _ in range(REQUESTS):
        began = time.perf_counter()
        page = client.get(f"/a/{token}/results")
        times.append(time.perf_counter() - began)
        assert page.status_code == 200
    tracemalloc.start()
    client.get(f"/a/{token}/results")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), min(times), peak


def refresh_statistics(app: Any) -> None:
    """ANALYZE after a bulk load, as PostgreSQL's autovacuum does on its own after many changes:
    without it the planner still believes the tables are as empty as when they were made."""
    from sqlalchemy import text

    from app.extensions import db

    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def run(kind: str, folder: Path) -> list[tuple[int, float, float, int]]:
    import flask_migrate

    from app import create_app

    with database_settings(kind, folder) as config:
        os.environ["DIGICHECK_INSTANCE_PATH"] = str(folder / "instance")
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, **config})
        with app.app_context():
            flask_migrate.upgrade()
        client = app.test_client()
        token = complete(client, CASE, statistics=False)
        rows = []
        add_peers(app, SMALL, 1_000_000)
        refresh_statistics(app)
        median, best, peak = measure(client, token)
        rows.append((SMALL, median, best, peak))
        assert 'class="radar-band"' in client.get(f"/a/{token}/results").get_data(as_text=True)  # the band is drawn
        began = time.perf_counter()
        add_peers(app, LARGE - SMALL, 1_000_000 + SMALL)
        print(f"  {kind}: wrote {LARGE - SMALL:,} more peers in {time.perf_counter() - began:.1f} s", flush=True)
        refresh_statistics(app)
        median, best, peak = measure(client, token)
        rows.append((LARGE, median, best, peak))
        with app.app_context():
            from app.extensions import db

            db.session.remove()
            db.engine.dispose()
        return rows


def main() -> int:
    print(describe())
    kinds = ["sqlite"] + (["postgres"] if os.environ.get("DIGICHECK_TEST_POSTGRES_URL") else [])
    failed = False
    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix="bench-peers-") as folder:
            rows = run(kind, Path(folder))
        (_n1, small, _b1, small_peak), (_n2, large, _b2, large_peak) = rows
        for n, median, best, peak in rows:
            print(f"{kind:8} {n:>7,} peers: results page median {median * 1000:.1f} ms (best {best * 1000:.1f} ms), "
                  f"tracemalloc peak {peak / 1024:.0f} KiB")
        ratio = large / small
        ok = ratio <= TIME_RATIO and large_peak <= small_peak * 1.1
        failed |= not ok
        print(f"{kind:8} 100,000 / 1,000: time x{ratio:.2f} (target <= {TIME_RATIO}), "
              f"memory x{large_peak / small_peak:.2f} {'ok' if ok else 'NOT MET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
