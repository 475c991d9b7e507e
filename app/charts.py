"""The radar chart for the results page and the report: server-side SVG, plus Plotly data to enhance it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext

from questionnaires import Questionnaire
from reports.radar import Band, Series, radar_svg
from reports.radar_plotly import radar_figure
from scoring import Result
from scoring.wording import decimal_mark

if TYPE_CHECKING:
    from scoring.team import TeamView

    from .check.peers import PeerGroup

PHONE_SIZE = 280
"""Nominal width of the phone chart: about the width it gets on a 360 px screen, so its text
shows at (at least) its nominal size, 13-14 px, where the full chart's titles would shrink below 10."""


def radar_context(
    q: Questionnaire, result: Result, previous: Result | None, peers: PeerGroup | None, language: str
) -> dict[str, Any]:
    """Template variables `radar` (SVG markup), `radar_phone` (the same with numbered axes, for
    narrow screens, whose titles `radar_key` lists) and `radar_figure` (Plotly JSON)."""
    axes, series, options = radar_arguments(q, result, previous, peers, language)
    band = options.pop("band")
    return {
        "radar": radar_svg(axes, series, band=band, **options),
        "radar_phone": radar_svg(axes, series, size=PHONE_SIZE, marks=[str(i) for i in range(1, len(axes) + 1)],
                                 band=band, **options),
        "radar_key": axes,
        "radar_figure": radar_figure(axes, series, band=band, **options),
        "peer_caption": peer_caption() if peers else None,
    }


def peer_caption() -> str:
    """What the band means, in words, under the chart (page) or in its caption (PDF); the legend names the group."""
    return _("Shaded: the middle half of the similar companies (a quarter of them scored lower, a quarter higher); "
             "dotted: their median.")


def radar_arguments(
    q: Questionnaire, result: Result, previous: Result | None, peers: PeerGroup | None, language: str
) -> tuple[list[str], list[Series], dict[str, Any]]:
    """Axes, series and options (with `band`) for `radar_svg` and `radar_figure`, so page and PDF draw the same chart."""
    axes = [d.title.get(language) for d in q.dimensions]
    series = [Series(_("Your business"), tuple(d.score for d in result.dimensions), "current")]
    if previous is not None:
        series.append(Series(_("Previous round"), tuple(d.score for d in previous.dimensions), "previous"))
    band = None
    if peers:
        bands = [peers.dimensions.get(d.id) for d in q.dimensions]
        name = ngettext("Middle half of %(num)d similar company", "Middle half of %(num)d similar companies",
                        peers.count)
        series.append(Series(name, tuple(b.median if b else None for b in bands), "peers"))
        band = Band(tuple(b.low if b else None for b in bands), tuple(b.high if b else None for b in bands))
    return axes, series, {"title": q.title.get(language), "level_rings": level_rings(q, language),
                          "decimal_mark": decimal_mark(language), "band": band}


def level_rings(q: Questionnaire, language: str) -> list[tuple[float, str]]:
    """Where each level starts, with its name: the rings every radar of this check draws."""
    return [(level.min, level.title.get(language)) for level in q.levels if level.min > 0]


def team_radar(q: Questionnaire, team: TeamView, language: str, *, phone: bool = True) -> dict[str, Any]:
    """The team's radar: the median per area as the line, shaded from the lowest to the highest
    participant, so the room sees at a glance where it is one and where it is split. Template
    variables `team_radar`, `team_radar_phone` and `team_radar_key`, as `radar_context` gives.

    SVG only: the dashboard's live part is replaced on every change, and a chart that a script
    must redraw after each swap would flicker. The table beside it is the accessible version.
    `phone=False` leaves out the narrow variant: dashboard and projector are laptops and beamers,
    and their live part is made again for every change (each chart costs ~10 ms there).
    """
    areas = {a.dimension_id: a for a in team.areas}
    spread = [areas.get(d.id) for d in q.dimensions]
    axes = [d.title.get(language) for d in q.dimensions]
    series = [Series(_("Team median"), tuple(a.median if a else None for a in spread), "current")]
    band = Band(tuple(a.lowest if a else None for a in spread), tuple(a.highest if a else None for a in spread))
    options: dict[str, Any] = {"title": _("The team by area"), "level_rings": level_rings(q, language),
                               "decimal_mark": decimal_mark(language), "band": band}
    return {"team_radar": radar_svg(axes, series, **options),
            "team_radar_phone": radar_svg(axes, series, size=PHONE_SIZE,
                                          marks=[str(i) for i in range(1, len(axes) + 1)], **options) if phone else None,
            "team_radar_key": axes}
