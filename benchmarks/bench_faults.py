"""The fault run of tests/deploy/test_faults.py, longer: the figures of benchmarks/README.md.

50 people (threads) take the quick check or answer a workshop on one gunicorn instance (3
workers) while, one after the other and `--phase` seconds apart: a worker is killed with
SIGKILL; the run's own PostgreSQL cluster stops and starts again; the run's own Redis server
stops and starts again. Then the database is compared with what each person was told.
Prints requests, outcomes by kind, failures by phase and "answers lost"; exits 1 when an
acknowledged answer is missing, a page is half-saved or a 5xx other than 503 was answered.

    .venv/bin/python benchmarks/bench_faults.py [--clients 50] [--phase 10] [--sqlite]

With --sqlite: the database is a SQLite file and only the worker is killed (SQLite has no
server to restart).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from tests.deploy.faults import fault_run, five_hundreds, summary  # noqa: E402
from tests.deploy.services import own_postgres, own_redis  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--phase", type=float, default=10.0, help="seconds between faults")
    parser.add_argument("--sqlite", action="store_true")
    options = parser.parse_args()
    print(describe())
    with tempfile.TemporaryDirectory(prefix="digicheck-faults-") as folder:
        work = Path(folder)
        if options.sqlite:
            run, found = fault_run(work, f"sqlite:///{work / 'digicheck.db'}", None, None, clients=options.clients,
                                   seconds_per_phase=options.phase)
        else:
            with own_postgres() as cluster, own_redis(work) as redis:
                import sqlalchemy

                engine = sqlalchemy.create_engine(cluster.url, isolation_level="AUTOCOMMIT")
                with engine.connect() as connection:
                    connection.execute(sqlalchemy.text("CREATE DATABASE digicheck"))
                engine.dispose()
                url = cluster.url.rsplit("/", 1)[0] + "/digicheck"
                run, found = fault_run(work, url, redis, cluster, clients=options.clients,
                                       seconds_per_phase=options.phase)
    print(f"database: {'SQLite' if options.sqlite else 'PostgreSQL'}; clients: {options.clients}; "
          f"{options.phase:g} s between faults")
    print(summary(run, found))
    for line in (found.lost + found.broken)[:20]:
        print("  ", line)
    bad = five_hundreds(run)
    if bad:
        print("5xx other than 503:", bad)
    if run.problems:
        print("while broken:", run.problems)
    return 1 if found.lost or found.broken or bad or run.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
