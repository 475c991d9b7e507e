"""Faults survived (issue 17): 50 people answering while a worker is killed, PostgreSQL restarts and
Redis stops and comes back; no acknowledged answer lost, nothing half-saved, never a 500.

The PostgreSQL cluster and the Redis server are the test's own, on free loopback ports, so
stopping them harms nobody. The scenario is tests/deploy/faults.py; benchmarks/bench_faults.py
runs it longer for the figures in benchmarks/README.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from tests.conftest import postgres_or_skip

from .faults import fault_run, five_hundreds, summary
from .services import OwnPostgres, own_postgres, own_redis


@pytest.fixture
def cluster() -> Iterator[OwnPostgres]:
    postgres_or_skip()  # where PostgreSQL is required (CI), its server programs are too
    with own_postgres() as made:
        yield made


def _database(cluster: OwnPostgres) -> str:
    engine = sqlalchemy.create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text("CREATE DATABASE digicheck"))
    engine.dispose()
    return cluster.url.rsplit("/", 1)[0] + "/digicheck"


@pytest.mark.postgres
def test_no_acknowledged_answer_is_lost_on_postgresql(cluster: OwnPostgres, tmp_path: Path) -> None:
    with own_redis(tmp_path) as redis:
        run, found = fault_run(tmp_path, _database(cluster), redis, cluster, clients=50, seconds_per_phase=3.0)
    print(summary(run, found))
    assert not run.problems, run.problems
    assert found.lost == [] and found.broken == [], found
    assert five_hundreds(run) == {}
    seen = run.tally.seen
    assert seen[("PostgreSQL down", "503")] > 0, "people met the 'briefly unavailable' page while it was down"
    assert sum(n for (phase, kind), n in seen.items() if phase == "Redis down" and kind == "303") > 0, \
        "answers were saved while Redis was down"
    assert not any(kind != "303" and kind != "200" for (phase, kind) in seen if phase == "Redis down"), \
        "nothing failed while Redis was down"
    assert sum(len(pages) for pages in run.tally.acknowledged.values()) > 200


def test_a_killed_worker_loses_nothing_on_sqlite(tmp_path: Path) -> None:
    run, found = fault_run(tmp_path, f"sqlite:///{tmp_path / 'digicheck.db'}", None, None, clients=50,
                           seconds_per_phase=3.0)
    print(summary(run, found))
    assert found.lost == [] and found.broken == [], found
    assert five_hundreds(run) == {}
    assert sum(len(pages) for pages in run.tally.acknowledged.values()) > 100
