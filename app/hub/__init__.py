"""The hub portal: an organisation's analysts and admins read its published, anonymised figures.

Everything shown comes from the frozen snapshots of closed quarters (app/aggregates.py), plus
the running quarter's count rounded to five; nothing here reads a single firm's result.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("hub", __name__)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)
