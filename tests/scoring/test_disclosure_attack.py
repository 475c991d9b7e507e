"""An attacker who knows every published figure, every firm's categories and two firms' answers learns nothing.

And the same attacker does learn firms' levels and scores when the rules are switched off, or
when only the threshold and attribute rules apply: the attack has teeth. The attacker itself
is in disclosure_attacker.py.
"""

from __future__ import annotations

from functools import cache

import pytest

from scoring.disclosure import Snapshot, snapshot
from tests.scoring.disclosure_attacker import (
    AREAS,
    BREAKDOWNS,
    QUARTERS,
    Firm,
    exact_attack,
    groups_of,
    level_attack,
    population,
    score_attack,
)


@cache
def hub() -> tuple[Firm, ...]:
    return tuple(population())


def quarter(q: str) -> list[Firm]:
    return [f for f in hub() if f.quarter == q]


@cache
def published(q: str, suppress: bool = True) -> Snapshot:
    return snapshot(q, groups_of(quarter(q)), BREAKDOWNS, suppress=suppress)


def test_the_population_has_the_corners_the_attacker_aims_at() -> None:
    first, second = quarter(QUARTERS[0]), quarter(QUARTERS[1])
    assert sum(f.group == ("it", "medium", "west") for f in first) == 10
    assert sum(f.group == ("it", "medium", "west") for f in second) == 9
    east = [f for f in first if f.region == "east"]
    assert sum(f.industry == "crafts" for f in east) > 0.7 * len(east)
    assert 1 <= sum(f.industry == "tourism" for f in first) <= 3


@pytest.mark.parametrize("q", QUARTERS)
def test_no_level_is_learnt_by_bounds_through_every_published_sum(q: str) -> None:
    assert level_attack(published(q), quarter(q)) == []


@pytest.mark.parametrize("q", QUARTERS)
def test_no_level_is_learnt_from_cells_or_differences_that_follow_exactly(q: str) -> None:
    assert exact_attack(published(q), quarter(q)) == []


@pytest.mark.parametrize("q", QUARTERS)
def test_no_score_is_pinned_to_twenty_points_by_quartiles(q: str) -> None:
    assert score_attack(published(q), quarter(q)) == []


def test_the_group_of_ten_that_becomes_nine_is_shown_then_withheld_and_never_subtracted() -> None:
    def cell(q: str):  # type: ignore[no-untyped-def]
        table = published(q).table("industry x size")
        return next(c for c in table.cells if c.categories == (("industry", "it"), ("size_class", "medium")))

    assert cell(QUARTERS[0]).firms == 10 or cell(QUARTERS[0]).suppressed is not None
    assert cell(QUARTERS[1]).firms is None and cell(QUARTERS[1]).suppressed == "threshold"
    # Quarters hold different results and nothing adds them up: every published cell is one quarter's.
    assert {published(q).quarter for q in QUARTERS} == set(QUARTERS)


def test_the_suppression_leaves_most_firms_visible() -> None:
    """Protection that withholds everything would pass the attack too; the main tables must stay useful."""
    for q in QUARTERS:
        snap = published(q)
        for name in ("all", "industry", "size", "region"):
            shown = sum(c.firms or 0 for c in snap.table(name).cells)
            assert shown >= 0.5 * len(quarter(q)), (q, name)


# The attack has teeth: without the rules it learns, and it needs the complementary cells.

def test_without_any_rule_the_attacker_learns_levels_and_scores() -> None:
    q = QUARTERS[0]
    raw = published(q, suppress=False)
    assert level_attack(raw, quarter(q), first_only=True)
    assert exact_attack(raw, quarter(q))
    assert score_attack(raw, quarter(q), first_only=True)


def test_threshold_and_attribute_rules_alone_let_withheld_cells_be_subtracted_out() -> None:
    from dataclasses import replace

    from scoring.disclosure import AreaFigures, CellFigures, Table

    q = QUARTERS[0]
    full, raw = published(q), published(q, suppress=False)
    tables = []
    for protected, plain in zip(full.tables, raw.tables, strict=True):
        cells = []
        for p, c in zip(protected.cells, plain.cells, strict=True):
            cells.append(c if p.suppressed == "complementary" else p)  # primary suppression only
        tables.append(Table(protected.breakdown, tuple(cells)))
    primary_only = replace(full, tables=tuple(tables))
    assert any(c.suppressed == "complementary" for t in full.tables for c in t.cells)
    found = level_attack(primary_only, quarter(q), first_only=True) or exact_attack(primary_only, quarter(q))
    assert found, "complementary suppression should be what stops differencing"
    assert all(isinstance(c, CellFigures) and all(isinstance(a, AreaFigures) for a in c.areas.values())
               for t in primary_only.tables for c in t.cells)


def test_a_quarter_published_again_after_a_firm_left_gives_that_firm_away() -> None:
    """Why a snapshot is made once: two versions of one quarter subtract to the firm that left."""
    q = QUARTERS[0]
    firms = quarter(q)
    leaver = next(f for f in firms if f.group == ("it", "medium", "west"))
    before = published(q)
    after = snapshot(q, groups_of([f for f in firms if f is not leaver]), BREAKDOWNS)
    total_before, total_after = before.table("all").cells[0], after.table("all").cells[0]
    assert total_before.firms is not None and total_after.firms is not None
    for area in AREAS:
        a, b = total_before.areas[area].levels, total_after.areas[area].levels
        assert a is not None and b is not None
        difference = {level: a.get(level, 0) - b.get(level, 0) for level in a}
        assert difference == {level: int(level == leaver.level(area)) for level in a}


WITHHELD_CELLS = """
from tests.scoring.disclosure_attacker import population, groups_of, BREAKDOWNS, QUARTERS
from scoring.disclosure import snapshot
firms = population()
for q in QUARTERS:
    s = snapshot(q, groups_of([f for f in firms if f.quarter == q]), BREAKDOWNS)
    print([(t.breakdown.name, [(c.categories, c.suppressed) for c in t.cells]) for t in s.tables])
"""


def test_the_same_firms_give_the_same_withheld_cells_in_every_process() -> None:
    """A quarter closed twice (say, on a test system and in production) must withhold the same cells.

    Python orders sets of text differently in each process; the suppression once depended on
    that order (these two seeds gave different cells).
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", WITHHELD_CELLS], env=env, capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parents[2], check=True, timeout=120)
        return done.stdout

    first = run("0")
    assert "complementary" in first
    assert run("3") == first
