from __future__ import annotations

from flask import render_template

from ..content import catalogue
from . import bp


@bp.get("/")
def landing() -> str:
    return render_template("check/landing.html", questionnaires=catalogue().latest(), language="de")
