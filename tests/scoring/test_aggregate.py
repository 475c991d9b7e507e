"""Quartiles from a few runs of a histogram are those of the whole histogram, and of the scores themselves."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.aggregate import Run, quartile_ranks, quartiles, quartiles_of_runs

histograms = st.dictionaries(st.integers(0, 1000), st.integers(0, 40), max_size=60)


def runs_of(histogram: dict[int, int]) -> list[Run]:
    runs, seen = [], 0
    for b, c in sorted(histogram.items()):
        if c:
            runs.append(Run(bucket=b, before=seen, count=c))
            seen += c
    return runs


@given(histograms)
def test_the_runs_holding_the_quartile_ranks_are_enough(histogram: dict[int, int]) -> None:
    total = sum(histogram.values())
    ranks = quartile_ranks(total)
    assert len(ranks) <= 6 and all(0 <= r < max(total, 1) for r in ranks)
    needed = [run for run in runs_of(histogram) if any(run.before <= r < run.before + run.count for r in ranks)]
    assert quartiles_of_runs(total, needed) == quartiles(histogram)


@given(histograms.filter(lambda h: sum(h.values()) >= 2))
def test_the_quartiles_are_those_of_the_scores(histogram: dict[int, int]) -> None:
    scores = sorted(b / 10 for b, c in histogram.items() for _ in range(c))
    found = quartiles(histogram)
    assert found is not None and found.count == len(scores)
    expected = statistics.quantiles(scores, n=4, method="inclusive")
    assert (found.low, found.median, found.high) == pytest.approx(expected, abs=0.005 + 1e-9)


def test_a_missing_run_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="no run holds rank"):
        quartiles_of_runs(4, [Run(bucket=100, before=0, count=1)])
    assert quartiles_of_runs(0, []) is None
    assert quartile_ranks(1) == (0,) and quartile_ranks(5) == (1, 2, 3) and quartile_ranks(4) == (0, 1, 2, 3)
