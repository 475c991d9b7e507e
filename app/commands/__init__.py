"""Our own CLI groups, added to the `digicheck` command next to Flask's `run` and `db`."""

from __future__ import annotations

import click

from .questionnaires import questionnaires
from .scoring import score_command


def register(group: click.Group) -> None:
    group.add_command(questionnaires)
    group.add_command(score_command)
