"""The maturity radar as a Plotly figure: the same chart as `reports.radar`'s SVG, for hover.

Kept apart from the SVG drawing so each module has one purpose; both use the geometry,
looks and checks of `reports.radar`, so the two charts cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .radar import (BAND_OPACITY, FONT_FAMILY, GRID, INK, LEGEND_FONT, MUTED, OUTER, PLOT_BACKGROUND, RINGS, TICK_FONT,
                    _DRAW_ORDER, _LOOKS, Band, Series, _angles, _check, _Geometry, _num)
from .text_layout import text_width, wrap_label

PLOTLY_LABEL_FONT = 13.0


def _plotly_text(text: str) -> str:
    """Plotly reads a little HTML in labels; entities keep '<' and '&' literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rgba(colour: str, opacity: float) -> str:
    red, green, blue = (int(colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {opacity})"


def radar_figure(axes: Sequence[str], series: Sequence[Series], *, title: str,
                 level_rings: Sequence[tuple[float, str]] = (), decimal_mark: str = ".",
                 band: Band | None = None) -> dict[str, Any]:
    """The same radar as a Plotly figure (data + layout, plain JSON primitives) for hover.

    Same axes, order, direction (clockwise from the top), fixed 0-100 range, colours and dash
    styles as `radar_svg`, so enhancing the page changes nothing but the interactivity. None
    becomes null and the line connects the assessed points, as in the SVG. As in the SVG, the
    title is not drawn (the page heading says it); it is kept in layout.meta.title for the
    script's aria-label. Built by hand: importing plotly here would be heavy for no gain.

    A `band` is one filled trace (its high outline, then its low outline backwards: a ring),
    grouped in the legend with the "peers" series, whose hover then shows the band's ends.
    """
    axes = list(axes)
    series = list(series)
    _check(axes, series, band)
    level_rings = [(float(v), str(t)) for v, t in level_rings]
    ordered = sorted(enumerate(series), key=lambda pair: _DRAW_ORDER.index(pair[1].style))

    data: list[dict[str, Any]] = []
    for rank, one in ordered:
        look = _LOOKS[one.style]
        r: list[float | None] = list(one.values)
        theta = list(axes)
        first = next((i for i, v in enumerate(r) if v is not None), None)
        if first is not None:  # close the loop back to the first assessed point
            r.append(r[first])
            theta.append(axes[first])
        trace: dict[str, Any] = {
            "type": "scatterpolar",
            "name": one.name,
            "r": r,
            "theta": theta,
            "mode": "lines+markers" if look.dots else "lines",
            "connectgaps": True,
            "line": {"color": look.colour, "width": look.width, "dash": look.plotly_dash},
            "fill": "toself" if look.fill_opacity and band is None else "none",  # as in the SVG
            "hovertemplate": f"%{{theta}}: %{{r:.1f}}<extra>{_plotly_text(one.name)}</extra>",
            "legendrank": 1000 + rank,
        }
        if look.fill_opacity:
            trace["fillcolor"] = look.fill_rgba
        if look.dots:
            trace["marker"] = {"size": 8, "color": look.colour, "line": {"color": "#ffffff", "width": 1.5}}
        if band is not None and one.style == "peers":
            trace["legendgroup"] = "peers"
            ends = list(zip(band.low, band.high))
            trace["customdata"] = [list(ends[axes.index(t)]) for t in theta]
            trace["hovertemplate"] = (f"%{{theta}}: %{{r:.1f}} (%{{customdata[0]:.1f}}–%{{customdata[1]:.1f}})"
                                      f"<extra>{_plotly_text(one.name)}</extra>")
        data.append(trace)
    covered = band.axes() if band is not None else []
    if band is not None and len(covered) >= 3:
        ring = [*covered, covered[0]]
        reverse = ring[::-1]
        data.insert(0, {
            "type": "scatterpolar",
            "name": "",
            "r": [band.high[i] for i in ring] + [band.low[i] for i in reverse],
            "theta": [axes[i] for i in ring] + [axes[i] for i in reverse],
            "mode": "lines",
            "line": {"width": 0, "color": _LOOKS["peers"].colour},
            "fill": "toself",
            "fillcolor": _rgba(_LOOKS["peers"].colour, BAND_OPACITY),
            "hoverinfo": "skip",
            "showlegend": False,
            "legendgroup": "peers",
        })

    labels = dict(level_rings) if level_rings else {v: _num(v) for v in RINGS}
    geometry = _Geometry(axes, series, 480, level_rings)
    geometry.place_ticks(series)
    ticks = [0.0, *geometry.rings]
    # Plotly has no automatic margin for polar labels: reserve what the wrapped titles need.
    font = PLOTLY_LABEL_FONT
    wrapped = [wrap_label(axis, font * 10, font) for axis in axes]
    side, top, bottom = 0.0, 0.0, 0.0
    for lines, angle in zip(wrapped, _angles(len(axes))):
        width = max(text_width(line, font) for line in lines)
        height = len(lines) * font * 1.3
        if abs(math.sin(angle)) > 0.2:
            side = max(side, width)
        if math.cos(angle) > 0.2:
            top = max(top, height)
        elif math.cos(angle) < -0.2:
            bottom = max(bottom, height)
    legend = 40 if len(series) > 1 else 0
    layout: dict[str, Any] = {
        "font": {"family": FONT_FAMILY, "size": 13, "color": INK},
        "meta": {"title": title},
        "showlegend": len(series) > 1,
        "legend": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yref": "container",
                   "yanchor": "bottom", "traceorder": "normal", "font": {"size": LEGEND_FONT}},
        "margin": {"l": round(side + 24), "r": round(side + 24), "t": round(top + 24),
                   "b": round(bottom + 24 + legend)},
        "separators": decimal_mark + ("." if decimal_mark == "," else ","),  # hover values: 47,8 in German
        "paper_bgcolor": "#ffffff",
        "dragmode": False,
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "polar": {
            "domain": {"x": [0, 1], "y": [0, 1]},
            "gridshape": "linear",
            "bgcolor": PLOT_BACKGROUND,
            "radialaxis": {
                "range": [0, 100],
                "tickmode": "array",
                "tickvals": ticks,
                "showticklabels": False,  # named by the text trace on "polar2", placed as in the SVG
                "angle": 90,
                "showline": False,
                "ticks": "",
                "gridcolor": GRID,
                "tickfont": {"size": TICK_FONT, "color": MUTED},
            },
            "angularaxis": {
                "type": "category",
                "categoryorder": "array",
                "categoryarray": axes,
                "rotation": 90,
                "direction": "clockwise",
                "tickmode": "array",
                "tickvals": axes,
                "ticktext": ["<br>".join(_plotly_text(line) for line in lines) for lines in wrapped],
                "gridcolor": GRID,
                "linecolor": OUTER,
                "ticks": "",
                "tickfont": {"size": font, "color": INK},
            },
        },
    }
    layout["polar2"] = {  # the same disc, drawn over the first, with angles in degrees to place ring names
        "domain": {"x": [0, 1], "y": [0, 1]},
        "gridshape": "linear",
        "bgcolor": "rgba(0, 0, 0, 0)",
        "radialaxis": {"range": [0, 100], "visible": False},
        "angularaxis": {"rotation": 90, "direction": "clockwise", "thetaunit": "degrees", "visible": False},
    }
    names = [(value, labels.get(value, "")) for value in geometry.rings if labels.get(value)]
    data.insert(0, {
        "type": "scatterpolar",
        "subplot": "polar2",
        "mode": "text",
        "r": [value for value, _name in names],
        "theta": [round(math.degrees(geometry.tick_direction), 1)] * len(names),
        "text": [_plotly_text(name) for _value, name in names],
        "textposition": ["top center" if above else "bottom center"  # as in the SVG
                         for above, (value, _t) in zip(geometry.ticks_above, geometry.ticks) if labels.get(value)],
        "textfont": {"size": TICK_FONT, "color": MUTED},
        "hoverinfo": "skip",
        "showlegend": False,
    })
    return {"data": data, "layout": layout}
