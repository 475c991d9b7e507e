"""Third-party browser code served by the app itself, so no page loads from another host."""

from __future__ import annotations

from pathlib import Path

import plotly
from flask import Blueprint, Flask, send_file, url_for
from werkzeug.wrappers import Response

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"

bp = Blueprint("assets", __name__)


@bp.get("/assets/plotly-<version>.min.js")
def plotly_js(version: str) -> Response:
    """Versioned URL, so browsers may cache it for a year and still get a new release."""
    response = send_file(PLOTLY_JS, mimetype="text/javascript", max_age=365 * 24 * 3600)
    return response


def plotly_url() -> str:
    """A template function, so only the page with the chart pays for building the URL."""
    return url_for("assets.plotly_js", version=plotly.__version__)


def init_assets(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(plotly_url)
