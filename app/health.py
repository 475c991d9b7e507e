"""/healthz and /readyz: what a load balancer and a monitor ask an app process.

/healthz says only that the process answers. /readyz says whether it can serve: 200 when the
database answers, 503 when it does not. Redis is reported in the body but never makes the
process unready: without it, limits fall back to each process's memory and live views to the
database (docs/deployment.md), so taking every process out of the balancer would be worse.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .live import redis_reachable

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError as problem:
        db.session.rollback()
        current_app.logger.warning("readyz: the database does not answer (%s)", type(problem).__name__)
        database = "unreachable"
    redis = redis_reachable()
    body = jsonify(status="ok" if database == "ok" else "unavailable", database=database, redis=redis)
    return body, 200 if database == "ok" else 503
