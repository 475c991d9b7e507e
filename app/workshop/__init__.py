"""Workshops: the consultant's list and projector view, and the door participants join by code.

Participants then answer through the same pages as the public check, each under a private
link of its own (app/answering); the live dashboard and the consensus build on this.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workshop", __name__)

from . import consensus, routes  # noqa: E402,F401  (routes attach themselves to bp)
