"""The portal's pages and downloads. Who may open them is in app/access.py (`org_analyst`:
the organisation's analysts and admins); the organisation is in g.organisation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from questionnaires import Questionnaire
from reports.pdf import html_to_pdf
from reports.range_chart import RangeRow, range_chart_svg
from scoring.wording import decimal_mark

from .. import aggregates
from ..aggregates import BREAKDOWNS, AggregateError
from ..content import catalogue
from ..i18n import current_language
from ..models import AggregateSnapshot, Organisation, utcnow
from ..models.result import OVERALL
from ..presenters import score_text
from ..security import CHART_POLICY
from . import bp, exports
from .labels import category_text, dimension_title, in_check_order, reason_text

READERS = ("admin", "analyst")


@bp.get("/hub")
def index() -> Response | str:
    """The organisations whose figures the account may read; straight to the one if there is one."""
    mine = sorted((m.organisation for m in current_user.memberships if m.role in READERS), key=lambda o: o.name.lower())
    if len(mine) == 1:
        return redirect(url_for(".portal", slug=mine[0].slug), code=303)
    return render_template("hub/index.html", organisations=mine)


def _choice(organisation: Organisation) -> tuple[Questionnaire, str | None, AggregateSnapshot | None]:
    """The check and closed quarter asked for (newest by default); 400 for a malformed or unknown one."""
    checks = catalogue().latest()
    published = [c.id for c in checks if aggregates.quarters(organisation.id, c.id)]  # a check with figures first
    wanted = request.args.get("questionnaire") or next(iter(published), checks[0].id if checks else "")
    q = catalogue().get(wanted)
    if q is None:
        abort(400, description=_("There is no check %(id)s.", id=wanted))
    available = aggregates.quarters(organisation.id, q.id)
    quarter = available[0] if available else None
    if request.args.get("quarter"):
        try:
            quarter = aggregates.normal_quarter(request.args["quarter"])
        except AggregateError as problem:
            abort(400, description=str(problem))
        if not aggregates.is_closed(quarter):
            abort(400, description=_("%(quarter)s has not closed yet: its figures are published once it has.",
                                     quarter=quarter))
    return q, quarter, aggregates.find(organisation.id, q.id, quarter) if quarter else None


@bp.get("/hub/<slug>")
def portal(slug: str) -> Response:
    organisation: Organisation = g.organisation
    q, quarter, stored = _choice(organisation)
    language = current_language()
    nation = aggregates.find(None, q.id, quarter) if quarter else None
    page = render_template(
        "hub/portal.html", organisation=organisation, q=q, quarter=quarter, stored=stored,
        checks=catalogue().latest(), quarters=aggregates.quarters(organisation.id, q.id),
        running=aggregates.running_count(organisation, q.id),
        history=aggregates.series(organisation.id, q.id),
        overview=_overview(q, stored, nation, language), impact=_impact(q, stored, language),
        tables=[_table(q, stored, b.dimensions, language) for b in BREAKDOWNS if b.dimensions] if stored else [],
        chart=json.dumps(_chart(q, stored, nation, language)) if stored else None,
        score=lambda v: score_text(v, language) if v is not None else "–", reason=reason_text)
    response = make_response(page)
    response.headers["Content-Security-Policy"] = CHART_POLICY  # Plotly, served by this app
    return response


def _areas(q: Questionnaire, language: str) -> list[tuple[str, str]]:
    return [(OVERALL, _("Overall")), *((d.id, d.title.get(language)) for d in q.dimensions)]


def _total(stored: AggregateSnapshot | None) -> dict[str, Any] | None:
    cells = aggregates.cells(stored, aggregates.breakdown("")) if stored else []
    return cells[0] if cells else None


def _overview(q: Questionnaire, stored: AggregateSnapshot | None, nation: AggregateSnapshot | None,
              language: str) -> list[dict[str, Any]]:
    """Per area: the hub's median, middle half and level shares, and the nation's median beside it."""
    mine, country = _total(stored), _total(nation)
    rows = []
    for area, title in _areas(q, language):
        figures = (mine or {}).get("areas", {}).get(area) or {}
        national = (country or {}).get("areas", {}).get(area) or {}
        shares = figures.get("levels") or {}
        rows.append({"title": title, "median": figures.get("median"), "q1": figures.get("q1"), "q3": figures.get("q3"),
                     "levels": [(lv.title.get(language), shares.get(lv.id)) for lv in q.levels] if shares else None,
                     "national": national.get("median"),
                     "suppressed": (mine or {}).get("suppressed") or figures.get("suppressed")})
    return rows


def _impact(q: Questionnaire, stored: AggregateSnapshot | None, language: str) -> list[dict[str, Any]]:
    """Per area: how many firms took the check again this quarter, their median change, how many moved how far."""
    published = (stored.figures or {}).get("impact", {}) if stored else {}
    return [{"title": title, **published[area]} for area, title in _areas(q, language) if area in published]


def _table(q: Questionnaire, stored: AggregateSnapshot, dimensions: tuple[str, ...], language: str) -> dict[str, Any]:
    cells = aggregates.cells(stored, aggregates.breakdown(",".join(dimensions)))
    return {"by": ",".join(dimensions), "title": " × ".join(dimension_title(d) for d in dimensions),
            "columns": [dimension_title(d) for d in dimensions],
            "rows": [{"names": [category_text(q, d, c["categories"].get(d, ""), language) for d in dimensions],
                      "n": c["n"], "suppressed": c["suppressed"],
                      "overall": c["areas"].get(OVERALL) or {}} for c in in_check_order(q, dimensions, cells)]}


def _chart(q: Questionnaire, stored: AggregateSnapshot, nation: AggregateSnapshot | None,
           language: str) -> dict[str, Any]:
    """Plotly: per area the hub's median with its middle half as a bar from q1 to q3, the nation's median as a dot."""
    mine, country = _total(stored) or {}, _total(nation) or {}
    titles = [title for _area, title in _areas(q, language)]
    ids = [area for area, _title in _areas(q, language)]

    def figure(cell: dict[str, Any], area: str, key: str) -> float | None:
        value = (cell.get("areas", {}).get(area) or {}).get(key)
        return float(value) if value is not None else None

    low = [figure(mine, a, "q1") for a in ids]
    high = [figure(mine, a, "q3") for a in ids]
    return {"data": [
        {"type": "bar", "orientation": "h", "y": titles, "base": low, "x": [
            (h - lo) if h is not None and lo is not None else None for lo, h in zip(low, high, strict=True)],
         "name": _("Middle half of your firms"), "marker": {"color": "rgba(11, 92, 173, 0.25)"}, "hoverinfo": "skip"},
        {"type": "scatter", "mode": "markers", "y": titles, "x": [figure(mine, a, "median") for a in ids],
         "name": _("Your firms: median"), "marker": {"color": "#0b5cad", "size": 12, "symbol": "diamond"}},
        {"type": "scatter", "mode": "markers", "y": titles, "x": [figure(country, a, "median") for a in ids],
         "name": _("All firms in Germany: median"), "marker": {"color": "#b45309", "size": 10}}],
        "layout": {"xaxis": {"range": [0, 100], "title": {"text": _("points (0-100)")}},
                   "yaxis": {"autorange": "reversed", "automargin": True}, "barmode": "overlay",
                   "height": 120 + 44 * len(ids), "margin": {"l": 10, "r": 10, "t": 10, "b": 50},
                   "legend": {"orientation": "h", "y": -0.25}, "font": {"family": "DejaVu Sans, sans-serif"}}}


@bp.get("/hub/<slug>/summary.pdf")
def summary(slug: str) -> Response:
    """The quarter's figures as a PDF a hub can forward: the same tables, the chart drawn in Python."""
    organisation: Organisation = g.organisation
    q, quarter, stored = _choice(organisation)
    if stored is None or quarter is None:
        abort(404, description=_("There are no published figures for this check and quarter yet."))
    language = current_language()
    overview = _overview(q, stored, aggregates.find(None, q.id, quarter), language)
    chart = range_chart_svg([RangeRow(r["title"], r["q1"], r["median"], r["q3"], r["national"]) for r in overview],
                            title=_("Your firms by area, %(quarter)s", quarter=quarter), mine=_("Your firms: median"),
                            compared=_("All firms in Germany: median"), decimal_mark=decimal_mark(language))
    html = render_template(
        "hub/summary.html", organisation=organisation, q=q, quarter=quarter, overview=overview, chart=Markup(chart),
        impact=_impact(q, stored, language),
        tables=[_table(q, stored, b.dimensions, language) for b in BREAKDOWNS if len(b.dimensions) == 1],
        history=aggregates.series(organisation.id, q.id), made_on=utcnow().strftime("%d.%m.%Y"),
        score=lambda v: score_text(v, language) if v is not None else "–", reason=reason_text)
    response = make_response(html_to_pdf(html, static_root=Path(current_app.static_folder or "static")))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{organisation.slug}-{q.id}-{quarter}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/hub/<slug>/export.<kind>")
def export(slug: str, kind: str) -> Response:
    """One published table (`by`) as CSV or Excel; the same figures as the page, nothing more."""
    if kind not in ("csv", "xlsx"):
        abort(404)
    organisation: Organisation = g.organisation
    q, quarter, stored = _choice(organisation)
    if stored is None or quarter is None:
        abort(404, description=_("There are no published figures for this check and quarter yet."))
    try:
        chosen = aggregates.breakdown(request.args.get("by", ""))
    except AggregateError as problem:
        abort(400, description=str(problem))
    header, table = exports.rows(q, chosen.dimensions, aggregates.cells(stored, chosen), current_language())
    name = f"{organisation.slug}-{q.id}-{quarter}-{chosen.name.replace(',', '-')}"
    if kind == "csv":
        response = make_response(exports.csv_bytes(header, table))
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        response = make_response(exports.xlsx_bytes(header, table, chosen.name))
        response.headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
