"""/api/v1: routes stay thin; app/aggregates.py reads the frozen snapshots, app/access.py the token."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, g, jsonify, request

from .. import aggregates
from ..aggregates import AggregateError
from ..content import catalogue
from ..models import Organisation, utcnow
from ..results import quarter as quarter_of
from . import bp
from .openapi import document


def _organisation() -> Organisation:
    found = g.get("organisation")
    if not isinstance(found, Organisation):
        abort(401)
    return found


def _questionnaire() -> str:
    questionnaire_id = request.args.get("questionnaire", "").strip()
    if not questionnaire_id:
        abort(400, description="the parameter questionnaire is missing (a check id, e.g. quick-check)")
    if catalogue().get(questionnaire_id) is None:
        known = ", ".join(sorted({q.id for q in catalogue().latest()}))
        abort(404, description=f"there is no check {questionnaire_id!r}; there are: {known}")
    return questionnaire_id


def _public(quarter: str) -> str:
    return quarter.replace("-", "")  # "2026-Q3" as stored, "2026Q3" as the API writes it


@bp.get("/aggregates", endpoint="aggregates")
def aggregates_table() -> Response:
    """One table of the organisation's frozen snapshot: a cell per category combination."""
    organisation = _organisation()
    questionnaire_id = _questionnaire()
    try:
        breakdown = aggregates.breakdown(request.args.get("by", ""))
        asked = request.args.get("quarter")
        quarter = aggregates.normal_quarter(asked) if asked is not None else None
    except AggregateError as problem:
        abort(400, description=str(problem))
    if quarter is None:
        closed = aggregates.quarters(organisation.id, questionnaire_id)
        if not closed:
            abort(404, description=f"no closed quarter has figures for {questionnaire_id} yet")
        quarter = closed[0]
    elif not aggregates.is_closed(quarter):
        abort(400, description=f"{_public(quarter)} has not closed yet: its figures are published once it has "
                               "(GET /api/v1/quarters lists the quarters with figures)")
    stored = aggregates.find(organisation.id, questionnaire_id, quarter)
    if stored is None:
        abort(404, description=f"there are no figures for {questionnaire_id} in {_public(quarter)}")
    body: dict[str, Any] = {"organisation": organisation.slug, "questionnaire": questionnaire_id,
                            "quarter": _public(quarter), "by": list(breakdown.dimensions),
                            "threshold": stored.threshold, "cells": aggregates.cells(stored, breakdown)}
    return jsonify(body)


@bp.get("/quarters")
def quarters() -> Response:
    """The closed quarters with figures, newest first, and the running quarter's count (rounded down to 5)."""
    organisation = _organisation()
    questionnaire_id = _questionnaire()
    return jsonify(organisation=organisation.slug, questionnaire=questionnaire_id,
                   quarters=[_public(q) for q in aggregates.quarters(organisation.id, questionnaire_id)],
                   running={"quarter": _public(quarter_of(utcnow())),
                            "completed": aggregates.running_count(organisation, questionnaire_id)})


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(document())
