"""What a Konvoi group sees of a round as a whole: medians over the members who shared their points.

Only members who chose to share their points count, and only when at least GROUP_MINIMUM of
them did: a median over everyone, or over very few, would tell the members something about
the firm that chose not to share (with two firms, the median is their mean).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median

GROUP_MINIMUM = 5


def group_medians(shared: Sequence[Mapping[str, float | None]], areas: Sequence[str]) -> dict[str, float | None] | None:
    """Per area the median of the shared points (None where fewer than GROUP_MINIMUM have one); None below the minimum."""
    if len(shared) < GROUP_MINIMUM:
        return None
    medians: dict[str, float | None] = {}
    for area in areas:
        points = [p for scores in shared if (p := scores.get(area)) is not None]
        medians[area] = round(median(points), 1) if len(points) >= GROUP_MINIMUM else None
    return medians
