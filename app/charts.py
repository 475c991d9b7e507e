"""The radar chart for the results page and the report: server-side SVG, plus Plotly data to enhance it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from questionnaires import Questionnaire
from reports.radar import Series, radar_svg
from reports.radar_plotly import radar_figure
from scoring import Result
from scoring.wording import decimal_mark

PHONE_SIZE = 280
"""Nominal width of the phone chart: about the width it gets on a 360 px screen, so its text
shows at (at least) its nominal size, 13-14 px, where the full chart's titles would shrink below 10."""


def radar_context(
    q: Questionnaire, result: Result, previous: Result | None, peers: Mapping[str, float] | None, language: str
) -> dict[str, Any]:
    """Template variables `radar` (SVG markup), `radar_phone` (the same with numbered axes, for
    narrow screens, whose titles `radar_key` lists) and `radar_figure` (Plotly JSON)."""
    axes, series, options = radar_arguments(q, result, previous, peers, language)
    return {
        "radar": radar_svg(axes, series, **options),
        "radar_phone": radar_svg(axes, series, size=PHONE_SIZE, marks=[str(i) for i in range(1, len(axes) + 1)],
                                 **options),
        "radar_key": axes,
        "radar_figure": radar_figure(axes, series, **options),
    }


def radar_arguments(
    q: Questionnaire, result: Result, previous: Result | None, peers: Mapping[str, float] | None, language: str
) -> tuple[list[str], list[Series], dict[str, Any]]:
    """Axes, series and options for `radar_svg` and `radar_figure`, so page and PDF draw the same chart."""
    axes = [d.title.get(language) for d in q.dimensions]
    series = [Series(_("Your business"), tuple(d.score for d in result.dimensions), "current")]
    if previous is not None:
        series.append(Series(_("Previous round"), tuple(d.score for d in previous.dimensions), "previous"))
    if peers:
        series.append(Series(_("Similar companies"), tuple(peers.get(d.id) for d in q.dimensions), "peers"))
    rings = [(level.min, level.title.get(language)) for level in q.levels if level.min > 0]
    return axes, series, {"title": q.title.get(language), "level_rings": rings,
                          "decimal_mark": decimal_mark(language)}
