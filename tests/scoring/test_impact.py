"""The published change of firms that took the check again: the same protection as every figure."""

from __future__ import annotations

import pytest

from scoring.impact import band_of, change_figures


def test_changes_are_counted_in_bands_with_their_median() -> None:
    figures = change_figures([-10, 0, 2, 6, 8, 12, 16, 20, 30, 3, -1, 9], threshold=10)
    assert figures.firms == 12 and figures.suppressed is None
    assert figures.bands == {"down": 1, "same": 4, "up_5": 4, "up_15": 3}
    assert figures.median == 7.0


def test_too_few_firms_show_nothing() -> None:
    assert change_figures([5.0] * 9, threshold=10).suppressed == "threshold"
    assert change_figures([5.0] * 9, threshold=10).bands is None


def test_firms_that_all_but_two_moved_alike_show_nothing() -> None:
    # ten firms, eight gained 5-15 points: whoever knows two of them learns the other eight moved so
    figures = change_figures([6, 7, 8, 9, 10, 11, 12, 13, -20, 40], threshold=10)
    assert figures.suppressed == "attribute" and figures.median is None


def test_the_threshold_is_never_below_five() -> None:
    with pytest.raises(ValueError):
        change_figures([1.0] * 20, threshold=4)


@pytest.mark.parametrize(("change", "band"), [(-100, "down"), (-5.01, "down"), (-5, "same"), (4.99, "same"),
                                              (5, "up_5"), (15, "up_15"), (100, "up_15")])
def test_every_change_has_a_band(change: float, band: str) -> None:
    assert band_of(change) == band
