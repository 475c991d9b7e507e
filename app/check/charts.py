"""The radar chart for the results page: server-side SVG, plus Plotly data to enhance it."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from questionnaires import Questionnaire
from reports.radar import Series, radar_figure, radar_svg
from scoring import Result


def radar_context(
    q: Questionnaire, result: Result, previous: Result | None, peers: dict[str, float] | None, language: str
) -> dict[str, Any]:
    """Template variables `radar` (SVG markup) and `radar_figure` (Plotly JSON)."""
    axes = [d.title.get(language) for d in q.dimensions]
    series = [Series(_label("current"), tuple(d.score for d in result.dimensions), "current")]
    if previous is not None:
        series.append(Series(_label("previous"), tuple(d.score for d in previous.dimensions), "previous"))
    if peers:
        series.append(Series(_label("peers"), tuple(peers.get(d.id) for d in q.dimensions), "peers"))
    rings = [(lvl.min, lvl.title.get(language)) for lvl in q.levels if lvl.min > 0]
    title = q.title.get(language)
    return {
        "radar": radar_svg(axes, series, title=title, level_rings=rings),
        "radar_figure": radar_figure(axes, series, title=title, level_rings=rings),
    }


def _label(kind: str) -> str:
    return {"current": _("Your business"), "previous": _("Previous round"), "peers": _("Similar companies")}[kind]
