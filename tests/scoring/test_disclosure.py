"""Each disclosure rule on its own: threshold, attribute, complementary cells, rounding, the threshold's bounds."""

from __future__ import annotations

import pytest

from scoring.disclosure import (
    AreaCounts,
    Breakdown,
    Group,
    Snapshot,
    rounded_count,
    scores_reason,
    snapshot,
)

BY_INDUSTRY = (Breakdown("all", ()), Breakdown("industry", ("industry",)))
BY_BOTH = (*BY_INDUSTRY, Breakdown("size", ("size_class",)), Breakdown("industry x size", ("industry", "size_class")))


def group(industry: str, firms: int, levels: dict[str, int] | None = None, size: str = "small",
          scores: list[float] | None = None) -> Group:
    """A group whose firms spread over three levels (or as given) and over the whole scale."""
    levels = levels or {"a": firms - 2 * (firms // 3), "b": firms // 3, "c": firms // 3}
    scores = scores or [round(100 * i / max(1, firms - 1), 1) for i in range(firms)]
    histogram: dict[int, int] = {}
    for s in scores:
        histogram[int(s * 10)] = histogram.get(int(s * 10), 0) + 1
    return Group({"industry": industry, "size_class": size}, firms, {"area": AreaCounts(histogram, levels)})


def cell(snap: Snapshot, table: str, *values: str):  # type: ignore[no-untyped-def]
    return next(c for c in snap.table(table).cells if tuple(v for _, v in c.categories) == values)


def test_a_cell_of_fewer_than_ten_firms_shows_nothing_not_even_its_count() -> None:
    snap = snapshot("2026-Q1", [group("crafts", 9), group("trade", 30), group("it", 30)], BY_INDUSTRY)
    small = cell(snap, "industry", "crafts")
    assert small.firms is None and small.suppressed == "threshold"
    assert small.areas["area"].levels is None and small.areas["area"].median is None
    assert cell(snap, "industry", "trade").firms == 30


def test_the_threshold_can_be_raised_but_never_below_five() -> None:
    groups = [group("crafts", 12), group("trade", 30), group("it", 30)]
    assert cell(snapshot("q", groups, BY_INDUSTRY, threshold=15), "industry", "crafts").suppressed == "threshold"
    snapshot("q", groups, BY_INDUSTRY, threshold=5)
    with pytest.raises(ValueError, match="at least 5"):
        snapshot("q", groups, BY_INDUSTRY, threshold=4)


def test_quartiles_need_ten_scored_firms_even_when_the_threshold_is_lower() -> None:
    snap = snapshot("q", [group("crafts", 7, {"a": 3, "b": 2, "c": 2}), group("trade", 30), group("it", 30)],
                    BY_INDUSTRY, threshold=5)
    shown = cell(snap, "industry", "crafts")
    assert shown.firms == 7 and shown.areas["area"].levels == {"a": 3, "b": 2, "c": 2}
    assert shown.areas["area"].median is None and shown.areas["area"].suppressed == "threshold"


def test_a_cell_where_all_but_two_share_a_level_shows_nothing() -> None:
    snap = snapshot("q", [group("crafts", 20, {"a": 18, "b": 2}), group("trade", 30), group("it", 30)], BY_INDUSTRY)
    assert cell(snap, "industry", "crafts").suppressed == "attribute"
    snap = snapshot("q", [group("crafts", 20, {"a": 17, "b": 3}), group("trade", 30), group("it", 30)], BY_INDUSTRY)
    assert cell(snap, "industry", "crafts").suppressed is None


def test_firms_without_a_level_count_as_one_level_for_the_attribute_rule() -> None:
    snap = snapshot("q", [group("crafts", 20, {"_none": 19, "b": 1}), group("trade", 30), group("it", 30)], BY_INDUSTRY)
    assert cell(snap, "industry", "crafts").suppressed == "attribute"


def test_scores_all_but_two_within_twenty_points_show_no_quartiles() -> None:
    narrow = {int(10 * (30 + i)): 1 for i in range(18)} | {900: 1, 50: 1}
    assert scores_reason(narrow, 10) == "attribute"
    wide = {int(10 * (30 + 3 * i)): 1 for i in range(20)}
    assert scores_reason(wide, 10) is None
    assert scores_reason({500: 9}, 5) == "threshold"


def test_a_margin_minus_the_other_cells_cannot_give_a_withheld_cell_away() -> None:
    snap = snapshot("q", [group("crafts", 3), group("trade", 30), group("it", 30)], BY_INDUSTRY)
    reasons = {c.categories: c.suppressed for c in snap.table("industry").cells}
    assert reasons[(("industry", "crafts"),)] == "threshold"
    assert sorted(map(str, reasons.values())) == ["None", "complementary", "threshold"]
    assert reasons[(("industry", "trade"),)] == "complementary" or reasons[(("industry", "it"),)] == "complementary"


def test_two_withheld_cells_that_add_up_to_fewer_than_ten_firms_are_protected_too() -> None:
    snap = snapshot("q", [group("crafts", 3), group("tourism", 4), group("trade", 30), group("it", 30)], BY_INDUSTRY)
    shown = [c for c in snap.table("industry").cells if c.firms is not None]
    assert len(shown) == 1  # otherwise all - shown = crafts + tourism, seven firms


def test_a_withheld_cell_cannot_be_worked_out_from_another_breakdown() -> None:
    groups = [group("crafts", 3, size="small"), group("crafts", 20, size="large"), group("trade", 25, size="small"),
              group("trade", 25, size="large"), group("it", 25, size="small"), group("it", 25, size="large")]
    snap = snapshot("q", groups, BY_BOTH)
    crafts_small = cell(snap, "industry x size", "crafts", "small")
    assert crafts_small.suppressed == "threshold"
    # crafts = crafts x small + crafts x large, and small = the three industries' small cells:
    # one of each pair that would give crafts x small away must be withheld.
    crafts, crafts_large = cell(snap, "industry", "crafts"), cell(snap, "industry x size", "crafts", "large")
    assert crafts.firms is None or crafts_large.firms is None
    small_cells = [cell(snap, "industry x size", i, "small") for i in ("trade", "it")]
    assert cell(snap, "size", "small").firms is None or any(c.firms is None for c in small_cells)


def test_without_suppression_everything_is_shown() -> None:
    snap = snapshot("q", [group("crafts", 1), group("trade", 30)], BY_INDUSTRY, suppress=False)
    assert all(c.suppressed is None and c.firms for t in snap.tables for c in t.cells)


def test_each_area_must_count_every_firm_of_its_group_once() -> None:
    bad = Group({"industry": "crafts", "size_class": "small"}, 5, {"area": AreaCounts({100: 4}, {"a": 5})})
    with pytest.raises(ValueError, match="each of its 5 firms"):
        snapshot("q", [bad], BY_INDUSTRY)


def test_finer_groups_are_merged_into_the_breakdowns_cells() -> None:
    a, b = group("crafts", 6), group("crafts", 6)
    a = Group({**a.categories, "region": "north"}, a.firms, a.areas)
    b = Group({**b.categories, "region": "south"}, b.firms, b.areas)
    snap = snapshot("q", [a, b, group("trade", 30), group("it", 30)], BY_INDUSTRY)
    assert cell(snap, "industry", "crafts").firms == 12


@pytest.mark.parametrize(("n", "shown"), [(0, 0), (1, 0), (4, 0), (5, 5), (9, 5), (10, 10), (123, 120)])
def test_the_running_quarter_count_is_rounded_down_to_five(n: int, shown: int) -> None:
    assert rounded_count(n) == shown


def test_a_negative_count_is_an_error() -> None:
    with pytest.raises(ValueError):
        rounded_count(-1)


def test_when_the_audit_pins_a_group_only_the_total_still_holds_the_total_is_kept() -> None:
    """The total is what a hub reports first: another cell of the group's breakdown goes instead."""
    from scoring.disclosure import _Judge, _mend

    groups = [group("crafts", 4), group("trade", 30), group("it", 25)]
    industry = {(("industry", g.categories["industry"]),): frozenset({i}) for i, g in enumerate(groups)}
    cells = {(): frozenset({0, 1, 2}), **industry}
    judge = _Judge(groups, 10)
    withheld = {(("industry", "crafts"),): "threshold"}
    shown = sorted(k for k in cells if k not in withheld)
    assert _mend(0, cells, shown, withheld, judge) == (("industry", "it"),)  # the smaller other industry
    assert _mend(1, cells, shown, withheld, judge) == (("industry", "trade"),)  # a cell holding it, as before
    everything = {k: "threshold" for k in industry}
    assert _mend(0, cells, [()], everything, judge) == ()  # nothing else left: the total, as a last resort
