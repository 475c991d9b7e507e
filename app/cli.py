"""The `digicheck` command: Flask's CLI (run, db, shell, routes) plus our own groups."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup

from questionnaires import ContentError

from . import create_app
from .commands import register

cli = FlaskGroup(create_app=create_app, name="digicheck", help="digicheck: the Digitalisierungs-Check.")
register(cli)


def main() -> None:
    """Entry point; broken questionnaire files at start-up end in a clear list, not a traceback."""
    try:
        cli.main(prog_name="digicheck")
    except ContentError as exc:
        click.echo(f"Error: the questionnaires have problems:\n{exc}", err=True)
        sys.exit(1)
