"""`digicheck konvois tick`: open, remind and close Konvoi rounds by their planned days (run daily)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import konvois as service
from ..extensions import db


@click.group("konvois")
def konvois() -> None:
    """Konvois: groups of firms taking the check round after round (docs/konvois.md)."""


@konvois.command("tick")
@with_appcontext
def tick() -> None:
    """Open rounds whose day has come, remind three days before a round ends, close rounds that ended.

    Safe to run more than once a day: each step happens once. The mail goes out with
    `digicheck mail send-due`.
    """
    done = service.tick()
    db.session.commit()
    click.echo(f"{done.opened} round(s) opened, {done.reminded} reminded, {done.closed} closed")
