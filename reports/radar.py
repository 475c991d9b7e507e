"""The maturity radar: a static SVG for the page and the PDF, and what both drawings share.

The SVG is computed here, in Python, so the results page shows the chart without JavaScript and
WeasyPrint can embed it in the PDF without a browser. The page's JavaScript then swaps in Plotly
(built by `reports.radar_plotly.radar_figure` from the same geometry) for hover. Both draw the same axes in the same order, clockwise from the
top, on a fixed 0-100 scale, so results stay comparable over time.

Pure functions: plain data in, a string or a dict of primitives out; no I/O, no plotly import.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal
from xml.sax.saxutils import escape

from .text_layout import LABEL_FONT, text_width, wrap_label

Style = Literal["current", "previous", "peers"]

RINGS: tuple[float, ...] = (20.0, 40.0, 60.0, 80.0, 100.0)
"""The grid when no levels are given; with levels, a ring marks where each level starts."""

FONT_FAMILY = "DejaVu Sans, sans-serif"
"""The PDF's font; installed with WeasyPrint on Debian, and never fetched from the web."""

INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#d1d5db"
OUTER = "#9ca3af"
PLOT_BACKGROUND = "#f8fafc"


@dataclass(frozen=True, slots=True)
class Series:
    """One line on the radar: the company now, an earlier check, or a comparison group.

    `values` holds one score per axis on the 0-100 scale; None means the dimension was not
    assessed. Values are normalised on creation (NaN becomes None, the rest is clamped to 0-100)
    so that equal charts compare equal and render identically.
    """

    name: str
    values: tuple[float | None, ...]
    style: Style = "current"

    def __post_init__(self) -> None:
        if self.style not in _LOOKS:
            raise ValueError(f"unknown series style {self.style!r}: use one of {', '.join(_LOOKS)}")
        object.__setattr__(self, "values", tuple(_clean(v) for v in self.values))


@dataclass(frozen=True, slots=True)
class Band:
    """The middle half of a comparison group, per axis from `low` to `high` (None: no band on that axis).

    Drawn as a shaded ring under the lines, with the group's median as a "peers" series on
    top, so a reader sees where most similar companies stand, not only their middle.
    """

    low: tuple[float | None, ...]
    high: tuple[float | None, ...]

    def __post_init__(self) -> None:
        if len(self.low) != len(self.high):
            raise ValueError("a band needs as many low values as high values")
        object.__setattr__(self, "low", tuple(_clean(v) for v in self.low))
        object.__setattr__(self, "high", tuple(_clean(v) for v in self.high))

    def axes(self) -> list[int]:
        """The axes the band covers: those with both ends."""
        return [i for i, (lo, hi) in enumerate(zip(self.low, self.high)) if lo is not None and hi is not None]


BAND_OPACITY = 0.2


def _clean(value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return min(100.0, max(0.0, number))


@dataclass(frozen=True, slots=True)
class _Look:
    """How a series style is drawn; colours keep AA contrast (4.5:1) against white."""

    colour: str
    width: float
    dash: str | None  # SVG stroke-dasharray
    fill_opacity: float
    dots: bool
    plotly_dash: str
    fill_rgba: str


_LOOKS: dict[str, _Look] = {
    "current": _Look("#0b5cad", 2.5, None, 0.16, True, "solid", "rgba(11, 92, 173, 0.16)"),
    "previous": _Look("#6b7280", 2.0, "7 5", 0.0, False, "dash", "rgba(0, 0, 0, 0)"),
    "peers": _Look("#b45309", 2.5, "0.1 5", 0.0, False, "dot", "rgba(0, 0, 0, 0)"),
}
_DRAW_ORDER = ("peers", "previous", "current")  # the company's own line on top

# Sizes in px at the nominal width `size`; the SVG scales with its container.
LABEL_LINE = 1.22
TICK_FONT = 13.0
LEGEND_FONT = 13.0
PAD = 10.0
LABEL_GAP = 12.0
DOT_RADIUS = 4.0
CHIP_PAD = 3.0  # white space around a ring label, interrupting the ring it names

def _num(value: float) -> str:
    """Compact coordinates (one decimal, no trailing .0) keep the SVG small."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _score(value: float | None, decimal_mark: str) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", decimal_mark)


@dataclass(frozen=True, slots=True)
class _Label:
    lines: tuple[str, ...]
    anchor: str  # SVG text-anchor
    x: float  # the anchor's x
    top: float  # top of the first line's capitals
    width: float
    height: float


def _angles(count: int) -> list[float]:
    """Clockwise from the top, as a clock reads and as Plotly draws with rotation 90."""
    return [2 * math.pi * i / count for i in range(count)]


def _check(axes: Sequence[str], series: Sequence[Series], band: Band | None = None) -> None:
    if band is not None and len(band.low) != len(axes):
        raise ValueError(f"the band has {len(band.low)} values for {len(axes)} axes")
    if len(axes) < 3:
        raise ValueError(f"a radar needs at least 3 axes, got {len(axes)}")
    if len(set(axes)) != len(axes):
        raise ValueError("axis titles must be unique: the Plotly figure uses them as categories")
    for one in series:
        if len(one.values) != len(axes):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for {len(axes)} axes")


class _Geometry:
    """Where everything goes, in viewBox units: plot centre and radius, labels, legend, bounds."""

    def __init__(self, axes: Sequence[str], series: Sequence[Series], size: int,
                 level_rings: Sequence[tuple[float, str]], plot_share: float = 0.34) -> None:
        self.angles = _angles(len(axes))
        half = size / 2 - PAD
        sines = [math.sin(angle) for angle in self.angles]
        anchors = ["start" if sin > 0.2 else "end" if sin < -0.2 else "middle" for sin in sines]
        # The plot takes what the labels leave: each label at its narrowest (three lines) limits
        # the radius, then each label takes the width that radius leaves it, in as few lines as fit.
        limits = [half - DOT_RADIUS, size * plot_share]
        for title, sin, anchor in zip(axes, sines, anchors):
            narrowest = max(text_width(line, LABEL_FONT) for line in wrap_label(title, 0))
            reach = narrowest if anchor != "middle" else narrowest / 2
            if abs(sin) > 1e-9:
                limits.append((half - reach) / abs(sin) - LABEL_GAP)
        radius = max(min(limits), size * 0.2)
        self.radius = radius
        distance = radius + LABEL_GAP
        cosines = [math.cos(angle) for angle in self.angles]
        drafts = []
        for index, (title, sin, anchor) in enumerate(zip(axes, sines, anchors)):
            room = half - distance * abs(sin)
            if anchor == "middle":
                room *= 2
                # A title at the top or bottom stays clear of its neighbours' columns, so it can sit
                # right at the plot instead of being pushed away by them.
                for other in (index - 1, (index + 1) % len(axes)):
                    if anchors[other] != "middle" and cosines[other] * cosines[index] > 0.3:
                        room = min(room, 2 * (distance * abs(sines[other]) - abs(distance * sin) - 14.0))
            lines = wrap_label(title, room)
            drafts.append((lines, anchor, max(text_width(line, LABEL_FONT) for line in lines), sin))

        # Lay out around a centre at (0, 0), then shift everything into view.
        labels = []
        for (lines, anchor, width, sin), angle in zip(drafts, self.angles):
            cos = math.cos(angle)
            ax, ay = distance * sin, -distance * cos
            height = (len(lines) - 1) * LABEL_FONT * LABEL_LINE + LABEL_FONT
            # Above the point at the top, below it at the bottom, centred at the sides.
            top = ay - height / 2 - cos * height / 2
            labels.append(_Label(tuple(lines), anchor, ax, top, width, height))
        labels = _separate(labels, [math.cos(angle) for angle in self.angles])

        self.tick_direction = 0.0  # where the ring labels go: set by place_ticks, for Plotly to follow
        self.ticks_above: list[bool] = []  # per ring label: above its ring (else below)
        self.rings = sorted({*(v for v, _t in level_rings if 0 < v < 100), 100.0}) if level_rings else list(RINGS)
        self.ticks = [(value, text) for value, text in (
            [(float(v), str(t)) for v, t in level_rings] if level_rings else [(v, _num(v)) for v in RINGS]
        ) if 0 < value <= 100 and text]

        left = min([-radius - DOT_RADIUS] + [_left(label) for label in labels])
        right = max([radius + DOT_RADIUS] + [_left(label) + label.width for label in labels])
        top = min([-radius - DOT_RADIUS] + [label.top for label in labels])
        bottom = max([radius + DOT_RADIUS] + [label.top + label.height for label in labels])
        extent = max(-left, right, half) + PAD  # symmetric: the plot sits in the middle
        self.legend = _legend(series, 2 * extent) if len(series) > 1 else []
        extent = max([extent] + [_row_width(row) / 2 + PAD for row in self.legend])
        self.width = 2 * extent
        self.cx = extent
        legend_height = _legend_height(self.legend)
        self.cy = PAD - top
        self.height = self.cy + bottom + (LEGEND_FONT * 1.6 + legend_height if self.legend else 0) + PAD
        self.legend_top = self.cy + bottom + LEGEND_FONT * 1.6
        self.labels = [
            _Label(lb.lines, lb.anchor, lb.x + self.cx, lb.top + self.cy, lb.width, lb.height) for lb in labels
        ]

    def point(self, index: int, value: float) -> tuple[float, float]:
        r = self.radius * value / 100
        angle = self.angles[index]
        return self.cx + r * math.sin(angle), self.cy - r * math.cos(angle)

    def on_ring(self, value: float, direction: float) -> tuple[float, float]:
        """Where the (straight-edged) ring of this value crosses the ray in this direction."""
        step = 2 * math.pi / len(self.angles)
        middle = (math.floor(direction / step) + 0.5) * step  # the middle of the edge the ray meets
        r = self.radius * value / 100 * math.cos(step / 2) / math.cos(direction - middle)
        return self.cx + r * math.sin(direction), self.cy - r * math.cos(direction)

    def place_ticks(self, series: Sequence[Series]) -> list[tuple[str, Box]]:
        """A box for each ring label, just above or below its ring along one direction, read together like a scale.

        The direction is the one where the labels cross the fewest data lines and points (between
        the spokes first, from the top right, clockwise) while staying clear of the titles and
        inside the picture. A label as wide as a level's name cannot always find room between
        rings a phone draws 22 px apart; then it is painted over the data on a white chip, so no
        line ever runs through a name.
        """
        outlines, dots = _data_shapes(self, series)
        edges = [(a, b, (min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))
                 for outline in outlines for a, b in zip(outline, outline[1:] + outline[:1])]
        titles = [(_left(lb), lb.top, _left(lb) + lb.width, lb.top + lb.height) for lb in self.labels]
        inside = (PAD / 2, PAD / 2, self.width - PAD / 2, self.height - PAD / 2)
        n = len(self.angles)
        directions = [math.pi * (2 * k + 1) / n for k in range(n)] + [math.pi * 2 * k / n for k in range(n)]
        half_widths = [text_width(text, TICK_FONT) / 2 + CHIP_PAD for _value, text in self.ticks]

        def placed_alone(index: int, direction: float, above: bool) -> tuple[Box, int, int]:
            """The label's box, how often it is misplaced (outside, on a title) and how much data it covers."""
            x, y = self.on_ring(self.ticks[index][0], direction)
            half_width = half_widths[index]
            height = TICK_FONT * 1.24 + CHIP_PAD / 2
            top = y - height - 1 if above else y + 1
            box = (x - half_width, top, x + half_width, top + height)
            misplaced = (not _within(box, inside)) + sum(_overlaps(box, title) for title in titles)
            covered = sum(_overlaps(box, near) and _segment_in_box(a, b, box) for a, b, near in edges)
            return box, misplaced, covered + sum(_overlaps(box, dot) for dot in dots)

        def along(alone: dict[tuple[int, bool], tuple[Box, int, int]], order: list[int],
                  prefer: bool) -> tuple[tuple[int, int], list[bool], list[Box]]:
            """The labels along one direction, placed in this order, each above or below its ring,
            whichever is clearer (the preferred side when both are)."""
            misplaced = covered = 0
            sides, boxes = [prefer] * len(order), [(0.0, 0.0, 0.0, 0.0)] * len(order)
            for rank, index in enumerate(order):
                placed = [boxes[k] for k in order[:rank]]
                options = []
                for above in (prefer, not prefer):
                    box, wrong, hidden = alone[(index, above)]
                    options.append(((wrong + sum(_overlaps(box, other) for other in placed), hidden), above, box))
                (wrong, hidden), sides[index], boxes[index] = min(options, key=lambda option: option[0])
                misplaced, covered = misplaced + wrong, covered + hidden
            return (misplaced, covered), sides, boxes

        inner_first = list(range(len(self.ticks)))
        best_cost: tuple[int, int] | None = None
        for direction in directions:
            alone = {(i, above): placed_alone(i, direction, above) for i in inner_first for above in (True, False)}
            for order in (inner_first, inner_first[::-1]):
                for prefer in (math.cos(direction) >= 0, math.cos(direction) < 0):  # outwards first
                    found, sides, boxes = along(alone, order, prefer)
                    if best_cost is None or found < best_cost:
                        best_cost, best, self.ticks_above, self.tick_direction = found, boxes, sides, direction
                    if found == (0, 0):  # clear: the first clear direction is the preferred one
                        return [(text, b) for (_value, text), b in zip(self.ticks, best)]
        return [(text, b) for (_value, text), b in zip(self.ticks, best)]


Box = tuple[float, float, float, float]  # left, top, right, bottom
Outline = list[tuple[float, float]]  # a closed polygon's corners


def _data_shapes(geometry: _Geometry, series: Sequence[Series]) -> tuple[list[Outline], list[Box]]:
    """What ring labels must not cover: every series' outline, and boxes round its points and the centre marker."""
    outlines: list[Outline] = []
    dots: list[Box] = []
    margin = DOT_RADIUS + 2
    for one in series:
        assessed = [geometry.point(i, v) for i, v in enumerate(one.values) if v is not None]
        if len(assessed) >= 3:
            outlines.append(assessed)
        if len(assessed) < len(one.values):
            assessed.append((geometry.cx, geometry.cy))
        dots.extend((x - margin, y - margin, x + margin, y + margin) for x, y in assessed)
    return outlines, dots


def _overlaps(a: Box, b: Box) -> bool:
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def _within(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def _crosses(box: Box, outline: Outline) -> bool:
    """Does any edge of the closed outline pass through the box?"""
    ring = [*outline, outline[0]]
    return any(_segment_in_box(a, b, box) for a, b in zip(ring, ring[1:]))


def _segment_in_box(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Liang-Barsky clipping: does any part of the segment p-q lie in the box?"""
    low, high = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge, distance in ((-dx, p[0] - box[0]), (dx, box[2] - p[0]), (-dy, p[1] - box[1]), (dy, box[3] - p[1])):
        if edge == 0:
            if distance < 0:
                return False
            continue
        t = distance / edge
        if edge < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _left(label: _Label) -> float:
    return {"start": label.x, "middle": label.x - label.width / 2, "end": label.x - label.width}[label.anchor]


def _separate(labels: list[_Label], cosines: list[float], across: float = 14.0, down: float = 7.0) -> list[_Label]:
    """Move labels that would touch their neighbours apart, so no two titles read as one line.

    Of two colliding labels, the one nearer the top or bottom moves outwards (up or down), away
    from the plot; side labels only get there when many axes crowd them.
    """
    labels = list(labels)
    for _ in range(4 * len(labels)):
        moved = False
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                a, b = labels[i], labels[j]
                if (_left(a) - across >= _left(b) + b.width or _left(b) - across >= _left(a) + a.width
                        or a.top - down >= b.top + b.height or b.top - down >= a.top + a.height):
                    continue
                k, other = (i, b) if abs(cosines[i]) >= abs(cosines[j]) else (j, a)
                mover = labels[k]
                if cosines[k] > 0:  # upper half: move up, above the other
                    shift = (other.top - down) - (mover.top + mover.height)
                else:
                    shift = (other.top + other.height + down) - mover.top
                labels[k] = replace(mover, top=mover.top + shift)
                moved = True
        if not moved:
            break
    return labels


_SWATCH = 28.0
_ITEM_GAP = 22.0


def _legend(series: Sequence[Series], width: float) -> list[list[tuple[Series, float]]]:
    """Legend items in rows that fit the width, each with its own width."""
    rows: list[list[tuple[Series, float]]] = [[]]
    used = 0.0
    for one in series:
        item = _SWATCH + 7 + text_width(one.name, LEGEND_FONT)
        if rows[-1] and used + _ITEM_GAP + item > width - 2 * PAD:
            rows.append([])
            used = 0.0
        used += (_ITEM_GAP if rows[-1] else 0) + item
        rows[-1].append((one, item))
    return rows


def _row_width(row: list[tuple[Series, float]]) -> float:
    return sum(width for _, width in row) + _ITEM_GAP * (len(row) - 1)


def _legend_height(rows: list[list[tuple[Series, float]]]) -> float:
    return len(rows) * LEGEND_FONT * 1.7 if rows else 0.0


def _stroke_attrs(look: _Look) -> str:
    attrs = f'stroke="{look.colour}" stroke-width="{_num(look.width)}" stroke-linejoin="round"'
    if look.dash:
        attrs += f' stroke-dasharray="{look.dash}" stroke-linecap="round"'
    return attrs


def _summary(axes: Sequence[str], series: Sequence[Series], decimal_mark: str, band: Band | None = None) -> str:
    """The chart in words for screen readers and text-only readers: every axis, every value."""
    parts = []
    for one in series:
        values = "; ".join(f"{axis}: {_score(value, decimal_mark)}" for axis, value in zip(axes, one.values))
        if band is not None and one.style == "peers":
            values = "; ".join(
                f"{axis}: {_score(value, decimal_mark)} ({_score(lo, decimal_mark)}–{_score(hi, decimal_mark)})"
                for axis, value, lo, hi in zip(axes, one.values, band.low, band.high))
        parts.append(f"{one.name} – {values}." if len(series) > 1 else f"{values}.")
    return " ".join(parts)


def _chart_id(*inputs: Any) -> str:
    """Deterministic per input, so the same chart renders the same string and IDs rarely clash."""
    return "radar-" + hashlib.sha256(repr(inputs).encode("utf-8")).hexdigest()[:10]


def _primary(series: Sequence[Series]) -> Series | None:
    return next((s for s in series if s.style == "current"), series[0] if series else None)


def radar_svg(axes: Sequence[str], series: Sequence[Series], *, title: str, description: str = "",
              size: int = 480, level_rings: Sequence[tuple[float, str]] = (), decimal_mark: str = ".",
              marks: Sequence[str] | None = None, band: Band | None = None) -> str:
    """The radar as inline SVG: the no-JavaScript chart on the page and the chart in the PDF.

    `size` is the width in px at which text shows at its nominal size (labels 14 px); the SVG
    itself has width="100%" and a viewBox, so it scales to its container. The viewBox widens
    beyond `size` only when labels are too long to fit. Labels sit outside the plot, wrapped
    into at most three lines; `marks` (e.g. numbers explained in a key next to the chart) take
    their place where titles would leave no room for the plot, as on a phone. With
    `level_rings` (where each level starts, and its name) a ring marks each level's start and
    carries its name; without, rings at 20, 40, 60, 80 and 100 carry their values. A ring's
    label sits on the ring where no data line, point or title is in the way.

    Not assessed (None): the axis has no point. A series' polygon runs through its assessed
    axes only (when at least three are assessed; otherwise only its points are drawn), and
    for the main series (the first "current" one, else the first) the centre gets a hollow
    marker and the axis title turns grey.
    A value of 0 is different: it is a real point at the centre. The <desc> lists every value
    ("–" for not assessed). There is no visible title: the page or report heading says it.

    `band` (the middle half of a comparison group) is a shaded ring under every line, over the
    axes that have both ends; the legend shows it behind the "peers" series' swatch, and the
    <desc> gives its ends in brackets after that series' values.

    Presentation attributes only (no style, no script, no external references), because the
    page runs under a strict Content-Security-Policy and WeasyPrint fetches nothing.
    Values in words use `decimal_mark` ("," for German), as the reader writes numbers.
    """
    axes = list(axes)
    series = list(series)
    _check(axes, series, band)
    if size <= 0:
        raise ValueError(f"size must be positive, got {size}")
    level_rings = [(float(v), str(t)) for v, t in level_rings]
    if marks is not None and len(marks) != len(axes):
        raise ValueError(f"{len(marks)} marks for {len(axes)} axes")
    # Short marks leave the plot more room: its rings then lie far enough apart for their names.
    geometry = _Geometry(list(marks) if marks is not None else axes, series, size, level_rings,
                         0.34 if marks is None else 0.41)
    chart_id = _chart_id(axes, [(s.name, s.values, s.style) for s in series], title, description, size,
                         level_rings, marks, band)
    summary = _summary(axes, series, decimal_mark, band)
    full_description = f"{description.strip()} {summary}".strip()
    primary = _primary(series)
    n = len(axes)

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {_num(geometry.width)} '
        f'{_num(geometry.height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT_FAMILY}" class="radar">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(full_description)}</desc>',
    ]

    def ring_points(value: float) -> str:
        return " ".join(f"{_num(x)},{_num(y)}" for x, y in (geometry.point(i, value) for i in range(n)))

    # The grid: a light plot area, level rings, spokes.
    out.append(f'<g class="radar-grid" fill="none" stroke="{GRID}" stroke-width="1">')
    out.append(f'<polygon points="{ring_points(100)}" fill="{PLOT_BACKGROUND}" stroke="none"/>')
    for index in range(n):
        x, y = geometry.point(index, 100)
        out.append(f'<line x1="{_num(geometry.cx)}" y1="{_num(geometry.cy)}" x2="{_num(x)}" y2="{_num(y)}"/>')
    for value in geometry.rings:
        outer = ' stroke="' + OUTER + '" stroke-width="1.25"' if value == 100 else ""
        out.append(f'<polygon class="radar-ring" points="{ring_points(value)}"{outer}/>')
    out.append("</g>")

    # The comparison group's middle half, under every line: the ring between its high and low ends.
    covered = band.axes() if band is not None else []
    if band is not None and len(covered) >= 3:
        def outline(values: tuple[float | None, ...], order: list[int]) -> str:
            corners = [geometry.point(i, values[i] or 0.0) for i in order]
            return "M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in corners) + " Z"

        look = _LOOKS["peers"]
        out.append(
            f'<path class="radar-band" d="{outline(band.high, covered)} {outline(band.low, covered[::-1])}" '
            f'fill="{look.colour}" fill-opacity="{BAND_OPACITY}" fill-rule="evenodd" stroke="none"/>'
        )

    # The series, the company's own on top.
    ordered = sorted(series, key=lambda s: _DRAW_ORDER.index(s.style))
    for one in ordered:
        look = _LOOKS[one.style]
        assessed = [(i, v) for i, v in enumerate(one.values) if v is not None]
        out.append(f'<g class="radar-series radar-{one.style}">')
        if len(assessed) >= 3:
            points = " ".join(f"{_num(x)},{_num(y)}" for x, y in (geometry.point(i, v) for i, v in assessed))
            # Over a band the company's own area goes unfilled: blue over amber reads as a muddy grey.
            fill = (f'fill="{look.colour}" fill-opacity="{look.fill_opacity}"' if look.fill_opacity and not covered
                    else 'fill="none"')
            out.append(f'<polygon class="radar-line" points="{points}" {fill} {_stroke_attrs(look)}/>')
        if look.dots or len(assessed) < 3:
            for i, v in assessed:
                x, y = geometry.point(i, v)
                out.append(
                    f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(DOT_RADIUS)}" fill="{look.colour}" '
                    f'stroke="#ffffff" stroke-width="1.5"><title>{escape(axes[i])}: {_score(v, decimal_mark)}</title></circle>'
                )
        missing = [axes[i] for i, v in enumerate(one.values) if v is None]
        if missing and one is primary:
            names = "; ".join(f"{escape(axis)}: –" for axis in missing)
            out.append(
                f'<circle class="radar-missing" cx="{_num(geometry.cx)}" cy="{_num(geometry.cy)}" '
                f'r="{_num(DOT_RADIUS + 0.5)}" fill="#ffffff" stroke="{look.colour}" stroke-width="1.5">'
                f"<title>{names}</title></circle>"
            )
        out.append("</g>")

    # Ring labels beside their rings, on a white chip; placed where no data runs, and painted over
    # the data, so that even where nothing is clear no line runs through a name.
    if geometry.ticks:
        out.append(f'<g class="radar-ticks" font-size="{_num(TICK_FONT)}" fill="{MUTED}" text-anchor="middle">')
        for text, (left, top, right, bottom) in geometry.place_ticks(series):
            x, y = (left + right) / 2, (top + bottom) / 2
            out.append(
                f'<rect x="{_num(left)}" y="{_num(top)}" width="{_num(right - left)}" '
                f'height="{_num(bottom - top)}" rx="2" fill="#ffffff" fill-opacity="0.8"/>'
                f'<text x="{_num(x)}" y="{_num(y + TICK_FONT * 0.36)}">{escape(text)}</text>'
            )
        out.append("</g>")

    # Axis titles outside the plot.
    out.append(f'<g class="radar-labels" font-size="{_num(LABEL_FONT)}" fill="{INK}">')
    for index, label in enumerate(geometry.labels):
        muted = primary is not None and primary.values[index] is None
        colour = f' fill="{MUTED}"' if muted else ""
        spans = "".join(
            f'<tspan x="{_num(label.x)}" y="{_num(label.top + LABEL_FONT * 0.76 + k * LABEL_FONT * LABEL_LINE)}">'
            f"{escape(line)}</tspan>"
            for k, line in enumerate(label.lines)
        )
        out.append(f'<text text-anchor="{label.anchor}"{colour}>{spans}</text>')
    out.append("</g>")

    # Legend below the plot, centred, when there is something to tell apart.
    if geometry.legend:
        out.append(f'<g class="radar-legend" font-size="{_num(LEGEND_FONT)}" fill="{INK}">')
        for row_index, row in enumerate(geometry.legend):
            x = geometry.cx - _row_width(row) / 2
            y = geometry.legend_top + row_index * LEGEND_FONT * 1.7
            for one, item_width in row:
                look = _LOOKS[one.style]
                mid = y - LEGEND_FONT * 0.35
                if one.style == "peers" and band is not None:
                    out.append(
                        f'<rect x="{_num(x + 1)}" y="{_num(mid - 6)}" width="{_num(_SWATCH - 2)}" height="12" '
                        f'fill="{look.colour}" fill-opacity="{BAND_OPACITY}"/>'
                    )
                out.append(
                    f'<line x1="{_num(x + 1)}" y1="{_num(mid)}" x2="{_num(x + _SWATCH - 1)}" y2="{_num(mid)}" '
                    f"{_stroke_attrs(look)}/>"
                )
                if look.dots:
                    out.append(
                        f'<circle cx="{_num(x + _SWATCH / 2)}" cy="{_num(mid)}" r="{_num(DOT_RADIUS)}" '
                        f'fill="{look.colour}" stroke="#ffffff" stroke-width="1.5"/>'
                    )
                out.append(f'<text x="{_num(x + _SWATCH + 7)}" y="{_num(y)}">{escape(one.name)}</text>')
                x += item_width + _ITEM_GAP
        out.append("</g>")

    out.append("</svg>")
    return "\n".join(out)
