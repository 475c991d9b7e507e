"""A hub's aggregates: which firms count, and the snapshot frozen when a quarter closes."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from flask import Flask

from app import aggregates, organisations
from app.aggregates import AggregateError
from app.extensions import db
from tests.conftest import migrated

from .hubdata import Firm, store_firms, two_hubs

LATER = datetime(2026, 12, 3, tzinfo=timezone.utc)  # 2026-Q3 has closed, 2026-Q4 is running


@pytest.fixture
def hub(make_app: Any, database_config: dict[str, Any]) -> Flask:
    app = migrated(make_app(**database_config))
    st, hb = two_hubs(app)
    with app.app_context():
        firms = [Firm() for _ in range(12)]  # the region's consenting firms
        firms += [Firm(state="BY", organisation_id=st, source="entry_link") for _ in range(3)]  # its own link
        firms += [Firm(consent=False) for _ in range(4)]  # no consent: never counted
        firms += [Firm(demo=True) for _ in range(4)]  # invented for a demo: never counted
        firms += [Firm(organisation_id=st, source="workshop_participant") for _ in range(4)]  # one voice each
        firms += [Firm(state="HB", organisation_id=hb, source="entry_link") for _ in range(11)]  # another hub's
        firms += [Firm(quarter="2026-Q4") for _ in range(7)]  # the running quarter
        store_firms(firms)
        db.session.commit()
    return app


def test_a_hub_counts_its_links_its_region_with_consent_and_nothing_else(hub: Flask) -> None:
    with hub.app_context():
        st = organisations.find("hub-st")
        made = aggregates.close_quarter("2026Q3", now=LATER)
        db.session.commit()
        mine = aggregates.find(st.id if st else None, "quick-check", "2026-Q3")
        assert mine is not None and mine.firms == 15  # 12 in Saxony-Anhalt + 3 through its link
        total = aggregates.cells(mine, aggregates.breakdown(""))
        assert total[0]["n"] == 15 and total[0]["suppressed"] is None
        assert set(total[0]["areas"]) >= {"strategy", "_overall"}
        nation = aggregates.find(None, "quick-check", "2026-Q3")
        assert nation is not None and nation.firms == 12 + 3 + 11
        assert len(made) == 3  # the nation and both hubs
        assert aggregates.running_count(st, "quick-check", now=LATER) == 5  # 7 this quarter, rounded down


def test_a_small_cell_shows_nothing_and_a_snapshot_never_changes(hub: Flask) -> None:
    with hub.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        aggregates.close_quarter("2026-Q3", now=LATER)
        db.session.commit()
        mine = aggregates.find(st.id, "quick-check", "2026-Q3")
        assert mine is not None
        regions = {c["categories"]["region"]: c for c in aggregates.cells(mine, aggregates.breakdown("region"))}
        assert regions["BY"]["n"] is None and regions["BY"]["suppressed"] == "threshold"  # 3 firms
        assert all(a["median"] is None for a in regions["BY"]["areas"].values())
        assert regions["ST"]["n"] is None and regions["ST"]["suppressed"] == "complementary"  # total - BY = ST
        store_firms([Firm() for _ in range(5)], seed=2)  # late results: the closed quarter is not made again
        assert aggregates.close_quarter("2026-Q3", now=LATER) == []
        db.session.commit()
        assert aggregates.find(st.id, "quick-check", "2026-Q3").firms == 15  # type: ignore[union-attr]


@pytest.mark.parametrize("quarter", ["2026Q4", "2027-Q1"])
def test_a_running_or_future_quarter_cannot_be_closed(hub: Flask, quarter: str) -> None:
    with hub.app_context(), pytest.raises(AggregateError, match="not closed"):
        aggregates.close_quarter(quarter, now=LATER)


@pytest.mark.parametrize("text", ["2026", "2026Q5", "Q3-2026", "", "2026-Q3;drop"])
def test_a_malformed_quarter_or_breakdown_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(AggregateError, match="quarter"):
        aggregates.normal_quarter(text)
    with pytest.raises(AggregateError, match="no breakdown"):
        aggregates.breakdown("industry,colour")


def test_the_daily_command_closes_the_last_quarter_once(hub: Flask) -> None:
    none = hub.test_cli_runner().invoke(args=["aggregates", "close", "--quarter", "2026Q3", "--workers", "0"])
    assert none.exit_code == 2 and "--workers" in none.output
    first = hub.test_cli_runner().invoke(args=["aggregates", "close", "--quarter", "2026Q3", "--workers", "1"])
    assert first.exit_code == 0, first.output
    assert "2026-Q3 quick-check the nation: 26 firms" in first.output and "3 snapshot(s) made" in first.output
    again = hub.test_cli_runner().invoke(args=["aggregates", "close", "--quarter", "2026Q3"])
    assert again.exit_code == 0 and "0 snapshot(s) made" in again.output
    running = hub.test_cli_runner().invoke(args=["aggregates", "close", "--quarter", "2099Q1"])
    assert running.exit_code == 2 and "has not closed yet" in running.output


def test_the_change_over_time_reads_each_closed_quarters_total_oldest_first(hub: Flask) -> None:
    with hub.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        store_firms([Firm(quarter="2026-Q2") for _ in range(11)], seed=3)
        aggregates.close_quarter("2026-Q2", now=LATER)
        aggregates.close_quarter("2026-Q3", now=LATER)
        db.session.commit()
        history = aggregates.series(st.id, "quick-check")
        assert [(quarter, total["n"] if total else None) for quarter, total in history] == [("2026-Q2", 11), ("2026-Q3", 15)]
        assert history[1][1] is not None and history[1][1]["areas"]["strategy"]["median"] is not None
        assert aggregates.series(st.id, "kmu-check") == []


def test_snapshots_worked_out_in_worker_processes_are_the_same_as_here(hub: Flask,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aggregates, "PARALLEL_FROM", 1)  # even these small ones go to the workers
    with hub.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        made = aggregates.close_quarter("2026-Q3", now=LATER, workers=2)
        db.session.commit()
        assert len(made) == 3
        mine = aggregates.find(st.id, "quick-check", "2026-Q3")
        assert mine is not None
        here = aggregates.snapshot("2026-Q3", aggregates.groups(st, "quick-check", "2026-Q3", st.region_detail),
                                   aggregates.BREAKDOWNS, threshold=st.aggregate_threshold)
        assert {k: v for k, v in mine.figures.items() if k != "impact"} == aggregates._as_json(here)
        assert mine.figures["total"][0]["n"] == 15


def test_the_change_of_a_firm_in_its_third_round_is_measured_from_its_first(hub: Flask) -> None:
    with hub.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        first = store_firms([Firm(quarter="2026-Q1", scores={"strategy": 20.0 + i}) for i in range(12)])
        second = store_firms([Firm(quarter="2026-Q2", previous_id=b, scores={"strategy": 60.0 + i})
                              for i, b in enumerate(first)], seed=7)
        gains = [2, 3, 8, 9, 10, 11, 12, 18, 20, 25, -8, 0]  # from the first round
        store_firms([Firm(quarter="2026-Q3", previous_id=b, scores={"strategy": 20.0 + i + g})
                     for i, (b, g) in enumerate(zip(second, gains, strict=True))], seed=8)
        aggregates.close_quarter("2026-Q3", now=LATER)
        db.session.commit()
        stored = aggregates.find(st.id, "quick-check", "2026-Q3")
        assert stored is not None
        strategy = stored.figures["impact"]["strategy"]
        assert strategy["n"] == 12 and strategy["median"] == pytest.approx(9.5, abs=0.1)  # not about -30
        assert strategy["bands"] == {"down": 1, "same": 3, "up_5": 5, "up_15": 3}
