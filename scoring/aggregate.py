"""Statistics over plain counts: quartiles of a score histogram.

Peer comparisons read a histogram of scores in 0.1-point buckets (kept on write by the app),
never the scores themselves, so a comparison costs the same for ten firms as for a million.
Scores are shown with one decimal, so quartiles of the bucketed scores are exact for what
a reader sees.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
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


def quartiles(histogram: Mapping[int, int]) -> Quartiles | None:
    """Quartiles of the scores a histogram (bucket -> how many) counts; None when it counts nobody.

    Linear interpolation between the sorted scores (the "inclusive" method of Python's
    statistics.quantiles, numpy's default, Excel's QUARTILE.INC): with an even count the
    median is the mean of the two middle scores.
    """
    if any(count < 0 for count in histogram.values()):
        raise ValueError("a histogram cannot count fewer than no scores")
    cells = sorted((b, c) for b, c in histogram.items() if c > 0)
    total = sum(c for _b, c in cells)
    if total == 0:
        return None

    def nth(rank: int) -> float:
        """The score at this 0-based rank in sorted order."""
        seen = 0
        for b, c in cells:
            seen += c
            if rank < seen:
                return b / BUCKETS_PER_POINT
        raise AssertionError("rank beyond the histogram")  # pragma: no cover - ranks stay below total

    def at(share: float) -> float:
        position = (total - 1) * share
        below = math.floor(position)
        low = nth(below)
        fraction = position - below
        return low if fraction == 0 else low + (nth(below + 1) - low) * fraction

    return Quartiles(count=total, low=round(at(0.25), 2), median=round(at(0.5), 2), high=round(at(0.75), 2))
