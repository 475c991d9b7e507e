"""Short lists that cover several areas instead of repeating the strongest one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def pick_varied(ranked: Iterable[T], group: Callable[[T], str], per_group: int, limit: int) -> list[T]:
    """The first `limit` items in rank order, taking at most `per_group` from any one group."""
    chosen: list[T] = []
    counts: dict[str, int] = {}
    for item in ranked:
        key = group(item)
        if counts.get(key, 0) < per_group:
            chosen.append(item)
            counts[key] = counts.get(key, 0) + 1
            if len(chosen) == limit:
                break
    return chosen
