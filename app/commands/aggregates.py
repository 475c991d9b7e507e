"""`digicheck aggregates close`: freeze the published figures of a quarter that has closed (run it daily)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import aggregates as service
from ..extensions import db
from ..models import utcnow


def last_closed_quarter() -> str:
    now = utcnow()
    year, number = now.year, (now.month - 1) // 3 + 1
    return f"{year - 1}-Q4" if number == 1 else f"{year}-Q{number - 1}"


@click.group("aggregates")
def aggregates() -> None:
    """The hubs' published statistics (docs/aggregates.md)."""


@aggregates.command("close")
@click.option("--quarter", help="e.g. 2026Q3 (default: the quarter that closed last).")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes for the disclosure rules (default: one per core; 1 keeps everything in this one).")
@with_appcontext
def close(quarter: str | None, workers: int | None) -> None:
    """Make the snapshots of a closed quarter that do not exist yet; existing ones never change.

    Safe to run every day: the first run after a quarter ends makes its figures, later runs
    find them made. A quarter still running, or to come, is refused.
    """
    try:
        made = service.close_quarter(quarter or last_closed_quarter(), workers=workers)
    except service.AggregateError as problem:
        raise click.UsageError(str(problem)) from problem
    db.session.commit()
    for snapshot in made:
        whose = f"organisation {snapshot.organisation_id}" if snapshot.organisation_id else "the nation"
        click.echo(f"{snapshot.quarter} {snapshot.questionnaire_id} {whose}: {snapshot.firms} firms")
    click.echo(f"{len(made)} snapshot(s) made")
