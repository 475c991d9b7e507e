"""Statistics over plain counts: quartiles of a score histogram.

Peer comparisons read a histogram of scores in 0.1-point buckets (kept on write by the app),
never the scores themselves, so a comparison costs the same for ten firms as for a million;
and of the histogram only the runs that hold the quartile ranks (`quartile_ranks`), so the
app can let the database find those and send nothing else.
Scores are shown with one decimal, so quartiles of the bucketed scores are exact for what
a reader sees.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

BUCKETS_PER_POINT = 10
"""Bucket = score x 10, rounded: 0.1-point steps on the 0-100 scale, 0-1000."""


def bucket(score: float) -> int:
    """The histogram bucket of a 0-100 score (half a tenth rounds up, as the pages round)."""
    return int(math.floor(min(100.0, max(0.0, score)) * BUCKETS_PER_POINT + 0.5))


@dataclass(frozen=True, slots=True)
class Quartiles:
    """The middle half of a group: a quarter scored below `low`, a quarter above `high`."""

    count: int
    low: float
    median: float
    high: float


QUARTERS = 4
"""The quartiles sit at k/QUARTERS of the way from the lowest to the highest score, k = 1, 2, 3."""


@dataclass(frozen=True, slots=True)
class Run:
    """Equal scores in sorted order: `count` scores in `bucket`, above the `before` lower ones.

    A histogram read in bucket order is a sequence of runs; the quartiles need only the few
    runs that hold `quartile_ranks(total)`, which is what lets a database send just those.
    """

    bucket: int
    before: int
    count: int


def quartile_ranks(total: int) -> tuple[int, ...]:
    """The 0-based ranks (in sorted order) whose scores the quartiles of `total` scores interpolate between.

    At most six, however many scores there are. Integer arithmetic, so that SQL can compute
    the same ranks: `(total - 1) * k // 4` and the rank after it, k = 1, 2, 3.
    """
    if total <= 0:
        return ()
    ranks: set[int] = set()
    for k in range(1, QUARTERS):
        below, rest = divmod((total - 1) * k, QUARTERS)
        ranks.add(below)
        if rest:
            ranks.add(below + 1)
    return tuple(sorted(ranks))


def quartiles(histogram: Mapping[int, int]) -> Quartiles | None:
    """Quartiles of the scores a histogram (bucket -> how many) counts; None when it counts nobody.

    The reference for `quartiles_of_runs`: it reads every bucket.
    """
    if any(count < 0 for count in histogram.values()):
        raise ValueError("a histogram cannot count fewer than no scores")
    runs, seen = [], 0
    for b, c in sorted((b, c) for b, c in histogram.items() if c > 0):
        runs.append(Run(bucket=b, before=seen, count=c))
        seen += c
    return quartiles_of_runs(seen, runs)


def quartiles_of_runs(total: int, runs: Iterable[Run]) -> Quartiles | None:
    """Quartiles of `total` scores from the runs that hold their quartile ranks; None when there are no scores.

    Linear interpolation between the sorted scores (the "inclusive" method of Python's
    statistics.quantiles, numpy's default, Excel's QUARTILE.INC): with an even count the
    median is the mean of the two middle scores. Runs beyond those needed do no harm; a
    missing one is an error, not a guess.
    """
    if total <= 0:
        return None
    held = sorted(runs, key=lambda run: run.before)

    def nth(rank: int) -> float:
        """The score at this 0-based rank in sorted order."""
        for run in held:
            if run.before <= rank < run.before + run.count:
                return run.bucket / BUCKETS_PER_POINT
        raise ValueError(f"no run holds rank {rank} of {total}")

    def at(k: int) -> float:
        below, rest = divmod((total - 1) * k, QUARTERS)
        low = nth(below)
        return low if rest == 0 else low + (nth(below + 1) - low) * (rest / QUARTERS)

    return Quartiles(count=total, low=round(at(1), 2), median=round(at(2), 2), high=round(at(3), 2))
