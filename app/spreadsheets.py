"""Cells for files people open in a spreadsheet: nothing in them is ever run as a formula."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | None


def safe(cell: Cell, decimal: str = ".") -> str:
    """A cell as text that no spreadsheet runs as a formula (a leading ' where it could start one)."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        text = f"{cell:.1f}".replace(".", decimal)
    else:
        text = str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text
