"""Our own CLI groups, added to the `digicheck` command next to Flask's `run` and `db`."""

from __future__ import annotations

import click
from flask import Flask

from .accounts import accounts
from .aggregates import aggregates
from .api_tokens import api_tokens
from .assessments import assessments
from .demo import demo_data
from .konvois import konvois
from .mail import mail
from .report import report_command
from .organisations import organisations
from .questionnaires import questionnaires
from .results import results
from .scoring import score_command
from .workshops import workshops


def register(group: click.Group) -> None:
    """Content commands sit on the top-level group: they must work even when the app cannot start."""
    group.add_command(questionnaires)
    group.add_command(score_command)


def init_app_commands(app: Flask) -> None:
    """Commands that work on stored data need the app (its database), so they live on app.cli."""
    app.cli.add_command(assessments)
    app.cli.add_command(accounts)
    app.cli.add_command(organisations)
    app.cli.add_command(api_tokens)
    app.cli.add_command(workshops)
    app.cli.add_command(demo_data)
    app.cli.add_command(report_command)  # needs the app's translations and content
    app.cli.add_command(results)
    app.cli.add_command(aggregates)
    app.cli.add_command(mail)
    app.cli.add_command(konvois)
