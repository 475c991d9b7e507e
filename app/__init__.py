"""How people reach it: the Flask app. The only layer that knows HTTP, sessions and the database."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.orm import Session

from .access import init_access
from .assets import init_assets
from .auth import init_auth
from .commands import init_app_commands
from .config import load_config
from .content import init_content
from .errors import init_error_pages
from .request_log import LoggedFlask, init_request_log
from .i18n import init_i18n
from .legal import init_legal
from .limits import init_limits
from .live import init_live
from .metrics import init_metrics
from .proxy import init_proxy
from .routing import DatabaseInteger
from .extensions import csrf, db, migrate
from .security import init_security_headers

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = LoggedFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=os.environ.get("DIGICHECK_INSTANCE_PATH") or str(ROOT / "instance"),
    )
    app.url_map.converters["int"] = DatabaseInteger  # before any route: a too large id is a 404, not a 500
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    init_metrics(app)  # first: its timing starts before, and its count sees the answer after, everything else
    init_database(app)
    init_live(app)
    init_i18n(app)
    init_content(app)
    init_security_headers(app)
    init_request_log(app)
    init_assets(app)
    init_proxy(app)
    init_auth(app)
    init_access(app)
    init_blueprints(app)
    init_limits(app)
    init_legal(app)
    init_error_pages(app)
    init_app_commands(app)
    return app


def init_database(app: Flask) -> None:
    from . import models  # noqa: F401  (registers the tables with the metadata)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    app.after_request(_commit_or_roll_back)
    if not event.contains(Session, "after_flush", _remember_flush):
        event.listen(Session, "after_flush", _remember_flush)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _commit_or_roll_back(response: Response) -> Response:
    """The one place that commits: a request's changes are stored whole, or not at all.

    A request that only read ends its transaction by closing the session (a rollback,
    cheaper than a commit); "only read" means nothing pending and nothing flushed earlier.
    """
    if not db.session.registry.has():  # the request never touched the session (pages read snapshots)
        return response
    session = db.session()
    wrote = session.info.pop("flushed", False) or session.new or session.dirty or session.deleted
    if response.status_code < 400 and wrote:
        session.commit()
    else:
        session.close()
    return response


def _remember_flush(session: Session, _context: object) -> None:
    session.info["flushed"] = True


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work while a writer commits; foreign keys are off in SQLite by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def init_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .check import bp as check_bp
    from .health import bp as health_bp
    from .hub import bp as hub_bp
    from .konvoi import bp as konvoi_bp
    from .org import bp as org_bp
    from .workshop import bp as workshop_bp

    app.register_blueprint(check_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(workshop_bp)
    app.register_blueprint(hub_bp)
    app.register_blueprint(konvoi_bp)
    app.register_blueprint(api_bp)
