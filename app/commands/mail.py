"""`digicheck mail send-due` and `digicheck mail status`: the outbox, from cron or a systemd timer."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import outbox
from ..mail import mail_configured


@click.group("mail")
def mail() -> None:
    """Queued mail (docs/deployment.md: run send-due every few minutes)."""


@mail.command("send-due")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="At most this many mails in one run.")
@with_appcontext
def send_due(limit: int) -> None:
    """Send the mails that are due; a refused one waits and is tried again by a later run."""
    done = outbox.send_due(limit=limit)
    if not mail_configured():
        click.echo(f"no SMTP server configured (DIGICHECK_SMTP_HOST): nothing sent, {done.waiting} mail(s) wait")
        raise SystemExit(1)
    click.echo(f"{done.sent} sent, {done.failed} failed (tried again later), {done.waiting} waiting")


@mail.command("status")
@with_appcontext
def status() -> None:
    """What waits in the outbox, per purpose."""
    waiting = outbox.status()
    for w in waiting:
        oldest = w.oldest.strftime("%Y-%m-%d %H:%M") if w.oldest else "-"
        click.echo(f"{w.purpose}: {w.mails} waiting, {w.failing} failed at least once, oldest from {oldest}")
    if not waiting:
        click.echo("the outbox is empty")
