"""A published table as CSV or Excel: the same cells the portal shows, withheld values empty with a flag.

One row per cell and area: the categories, n, median, q1, q3, the share per level, and
`suppressed` naming the reason where figures are withheld. Text cells are made safe against
formula injection in both formats (app/spreadsheets.py); numbers stay numbers in Excel.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from questionnaires import Questionnaire

from ..models.result import OVERALL
from ..spreadsheets import Cell, safe
from .labels import category_text, in_check_order


def rows(q: Questionnaire, dimensions: Sequence[str], cells: Sequence[dict[str, Any]],
         language: str) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows of a table: per cell and area; level shares in the check's level order."""
    levels = [level.id for level in q.levels]
    areas = [OVERALL, *(d.id for d in q.dimensions)]
    header = [*dimensions, "n", "area", "median", "q1", "q3", *(f"share_{lv}" for lv in levels), "suppressed"]
    table: list[list[Cell]] = []
    for cell in in_check_order(q, dimensions, cells):
        names: list[Cell] = [category_text(q, d, cell["categories"].get(d, ""), language) for d in dimensions]
        for area in areas:
            figures = cell["areas"].get(area)
            if figures is None:
                continue
            shares = figures.get("levels") or {}
            table.append([*names, cell["n"], "overall" if area == OVERALL else area, figures["median"], figures["q1"],
                          figures["q3"], *(shares.get(lv) if figures.get("levels") else None for lv in levels),
                          cell["suppressed"] or figures["suppressed"] or ""])
    return header, table


def csv_bytes(header: list[str], table: list[list[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in table:
        writer.writerow([safe(c) if not isinstance(c, float) else f"{c:g}" for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(header: list[str], table: list[list[Cell]], sheet: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    page = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    page.write_row(0, 0, header, bold)
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row):
            if isinstance(value, int | float):
                page.write_number(r, c, value)
            elif value is None:
                page.write_blank(r, c, None)
            else:
                page.write_string(r, c, safe(value))
    page.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
