"""A Konvoi round's group figures: only over members who shared points, and only from five of them."""

from __future__ import annotations

from scoring.konvoi import GROUP_MINIMUM, group_medians


def test_fewer_than_five_sharers_show_no_group_figure() -> None:
    four = [{"strategy": 40.0}, {"strategy": 50.0}, {"strategy": 60.0}, {"strategy": 70.0}]
    assert GROUP_MINIMUM == 5
    assert group_medians(four, ["strategy"]) is None


def test_five_sharers_show_the_median_per_area_and_an_area_most_left_out_shows_none() -> None:
    five = [{"strategy": s, "data": d} for s, d in ((40.0, 10.0), (50.0, None), (60.0, 30.0), (70.0, None), (80.0, 50.0))]
    assert group_medians(five, ["strategy", "data"]) == {"strategy": 60.0, "data": None}
