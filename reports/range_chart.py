"""A range chart as inline SVG for printed summaries: per row a bar from the first to the third
quartile, the median as a diamond and a comparison median as a dot, on a 0-100 axis.

Drawn in Python like the radar (reports/radar.py), so a PDF never needs a browser or a script:
presentation attributes only, the DejaVu font of the reports, a <title> and <desc> that say in
words what the picture shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .radar import FONT_FAMILY, INK, MUTED

BLUE, BAND, AMBER, GRID = "#0b5cad", "#c9dcf0", "#b45309", "#d1d5db"
LABEL_WIDTH, PLOT_WIDTH, ROW, TOP = 230.0, 380.0, 26.0, 10.0


@dataclass(frozen=True)
class RangeRow:
    label: str
    low: float | None
    median: float | None
    high: float | None
    compared: float | None  # the comparison group's median


def _x(value: float) -> float:
    return LABEL_WIDTH + PLOT_WIDTH * min(100.0, max(0.0, value)) / 100.0


def _number(value: float | None, decimal_mark: str) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", decimal_mark)


def range_chart_svg(rows: Sequence[RangeRow], *, title: str, mine: str, compared: str, decimal_mark: str = ".") -> str:
    """`mine` and `compared` name the two medians in the legend and the description."""
    height = TOP + ROW * len(rows) + 56
    width = LABEL_WIDTH + PLOT_WIDTH + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
             f'role="img" font-family="{FONT_FAMILY}" font-size="11">',
             f"<title>{escape(title)}</title>",
             "<desc>" + escape("; ".join(
                 f"{r.label}: {mine} {_number(r.median, decimal_mark)} ({_number(r.low, decimal_mark)}–"
                 f"{_number(r.high, decimal_mark)}), {compared} {_number(r.compared, decimal_mark)}" for r in rows))
             + "</desc>"]
    bottom = TOP + ROW * len(rows)
    for tick in range(0, 101, 20):
        parts.append(f'<line x1="{_x(tick):.1f}" y1="{TOP:.1f}" x2="{_x(tick):.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{_x(tick):.1f}" y="{bottom + 14:.1f}" text-anchor="middle" fill="{MUTED}">{tick}</text>')
    for i, r in enumerate(rows):
        middle = TOP + ROW * i + ROW / 2
        parts.append(f'<text x="{LABEL_WIDTH - 8:.1f}" y="{middle + 4:.1f}" text-anchor="end" fill="{INK}">'
                     f"{escape(r.label)}</text>")
        if r.low is not None and r.high is not None:
            parts.append(f'<rect x="{_x(r.low):.1f}" y="{middle - 7:.1f}" width="{_x(r.high) - _x(r.low):.1f}" '
                         f'height="14" fill="{BAND}"/>')
        if r.median is not None:
            m = _x(r.median)
            parts.append(f'<path d="M{m:.1f} {middle - 6:.1f} L{m + 6:.1f} {middle:.1f} L{m:.1f} {middle + 6:.1f} '
                         f'L{m - 6:.1f} {middle:.1f} Z" fill="{BLUE}"/>')
        if r.compared is not None:
            parts.append(f'<circle cx="{_x(r.compared):.1f}" cy="{middle:.1f}" r="4" fill="{AMBER}"/>')
    legend, x = bottom + 36, LABEL_WIDTH - 200  # the legend starts under the labels, so it fits the width
    parts += [f'<rect x="{x:.1f}" y="{legend - 9:.1f}" width="18" height="10" fill="{BAND}"/>',
              f'<text x="{x + 24:.1f}" y="{legend:.1f}" fill="{INK}">25–75 %</text>',
              f'<path d="M{x + 110:.1f} {legend - 10:.1f} l6 6 l-6 6 l-6 -6 Z" fill="{BLUE}"/>',
              f'<text x="{x + 120:.1f}" y="{legend:.1f}" fill="{INK}">{escape(mine)}</text>',
              f'<circle cx="{x + 290:.1f}" cy="{legend - 4:.1f}" r="4" fill="{AMBER}"/>',
              f'<text x="{x + 300:.1f}" y="{legend:.1f}" fill="{INK}">{escape(compared)}</text>', "</svg>"]
    return "".join(parts)
