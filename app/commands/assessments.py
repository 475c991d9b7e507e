"""`digicheck assessments purge`: keep the retention promises of the consent page and docs/accounts.md.

Run it daily (cron or a systemd timer). Both periods count from the last visit, the day
the private link was last opened: unfinished checks go 90 days after it, finished ones
24 months after it; both limits can be set for a deployment. The same run deletes audit
entries after AUDIT_DAYS, invitations once used or expired (they hold an e-mail address), and
API tokens a year after they were revoked.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import with_appcontext

from .. import accounts, api_tokens, audit, konvois, outbox, results, workshops
from ..extensions import db
from ..models import Assessment, today

UNFINISHED_DAYS = 90
FINISHED_DAYS = 730


@click.group()
def assessments() -> None:
    """Manage stored assessments."""


@assessments.command()
@click.option("--unfinished-days", default=UNFINISHED_DAYS, show_default=True, type=click.IntRange(min=1))
@click.option("--finished-days", default=FINISHED_DAYS, show_default=True, type=click.IntRange(min=1))
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def purge(unfinished_days: int, finished_days: int, dry_run: bool) -> None:
    """Delete assessments whose last visit is longer ago than their retention period, with their results."""
    now = today()
    expired = db.or_(
        db.and_(Assessment.completed_at.is_(None), Assessment.last_visit < now - timedelta(days=unfinished_days)),
        db.and_(Assessment.completed_at.is_not(None), Assessment.last_visit < now - timedelta(days=finished_days)),
    )
    count = db.session.execute(db.select(db.func.count()).select_from(Assessment).where(expired)).scalar_one()
    old_events, spent = audit.purge(dry_run=dry_run), accounts.purge_invitations(dry_run=dry_run)
    participants = workshops.purge_participants(dry_run=dry_run)
    revoked = api_tokens.purge(dry_run=dry_run)
    konvoi_invitations = konvois.purge_invitations(dry_run=dry_run)
    undeliverable = outbox.purge_undeliverable(dry_run=dry_run)
    if not dry_run:
        results.forget(expired)  # their stored results go with them (ON DELETE CASCADE), their counts first
        db.session.execute(db.delete(Assessment).where(expired))
        db.session.commit()
    click.echo(f"{'would delete' if dry_run else 'deleted'} {count} assessment(s), "
               f"{old_events} audit entries older than {audit.AUDIT_DAYS} days, {spent} used or expired invitation(s), "
               f"{participants} workshop participant(s) of workshops closed over {workshops.PARTICIPANT_DAYS} days ago, "
               f"{revoked} API token(s) revoked over {api_tokens.REVOKED_DAYS} days ago, "
               f"{konvoi_invitations} Konvoi invitation(s) unused for {konvois.INVITATION_DAYS} days, "
               f"{undeliverable} mail(s) undeliverable for {outbox.UNDELIVERABLE_DAYS} days")
