"""What a hub's work changes: for firms that took the check again, how far each area moved.

Pure, over plain numbers: the change of an area's score between a firm's earlier and its new
result (new minus earlier, -100..100), one per firm. Published per area as the number of
firms, the median change and how many moved by how much (bands of BAND_WIDTH points), with the
same rules as every other published figure (scoring/disclosure.py): nothing below the
threshold, no median below QUARTILE_MINIMUM firms, and nothing when all but two firms fall into
one band (that would tell each of them how far it moved).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from .disclosure import KNOWN_FIRMS, QUARTILE_MINIMUM, Reason, check_threshold

BANDS: tuple[tuple[str, float, float], ...] = (
    ("down", -100.0, -5.0),  # lost more than five points
    ("same", -5.0, 5.0),  # within five points either way
    ("up_5", 5.0, 15.0),
    ("up_15", 15.0, 100.01),  # gained fifteen points or more
)
"""Bands of change, lower bound included: wide enough that a band says little about one firm."""


@dataclass(frozen=True)
class ChangeFigures:
    firms: int | None
    median: float | None
    bands: dict[str, int] | None
    suppressed: Reason | None = None


def band_of(change: float) -> str:
    return next(name for name, low, high in BANDS if low <= change < high) if change > -100.0 else BANDS[0][0]


def change_figures(changes: Sequence[float], threshold: int) -> ChangeFigures:
    """One area's published change, or why it is withheld."""
    check_threshold(threshold)
    n = len(changes)
    if n < threshold:
        return ChangeFigures(None, None, None, "threshold")
    counted = Counter(band_of(c) for c in changes)
    if max(counted.values()) >= n - KNOWN_FIRMS:
        return ChangeFigures(None, None, None, "attribute")
    middle = round(median(changes), 1) if n >= QUARTILE_MINIMUM else None
    return ChangeFigures(n, middle, {name: counted.get(name, 0) for name, _low, _high in BANDS})
