"""`digicheck demo-data`: fill a database with synthetic, completed, consented assessments."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


from scoring import InvalidAnswer, check_answers

from ..content import catalogue, content
from ..demo import create_demo_assessments
from .. import results
from ..extensions import db
from ..models import Assessment


@click.command("demo-data")
@click.option("--n", "count", default=200, show_default=True, type=click.IntRange(min=0, max=100_000),
              help="How many assessments per questionnaire.")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same data.")
@click.option("--remove", is_flag=True, help="Delete all demo assessments instead.")
@click.option("--if-missing", is_flag=True, help="Only for questionnaires that have no demo data yet.")
@with_appcontext
def demo_data(count: int, seed: int, remove: bool, if_missing: bool) -> None:
    """Synthetic assessments for trying the app; marked as demo, so never mixed up with real ones."""
    if remove:
        demo = Assessment.demo.is_(True)
        deleted = db.session.execute(db.select(db.func.count()).select_from(Assessment).where(demo)).scalar_one()
        results.forget(demo)
        db.session.execute(db.delete(Assessment).where(demo))
        db.session.commit()
        click.echo(f"deleted {deleted} demo assessment(s)")
        return
    for q in catalogue().latest():
        if if_missing and db.session.execute(
            db.select(Assessment.id).where(Assessment.demo.is_(True), Assessment.questionnaire_id == q.id).limit(1)
        ).first():
            click.echo(f"{q.id}: demo data already there")
            continue
        made = create_demo_assessments(q, content().regions, count, seed)
        for assessment in made:
            try:
                check_answers(q, assessment.answers, assessment.profile)
            except InvalidAnswer as exc:  # a bug in the generator, never silently stored
                raise click.ClickException(f"generated an invalid answer: {exc}") from None
        for start in range(0, len(made), results.BATCH):
            results.store_all(made[start:start + results.BATCH])
        db.session.commit()
        click.echo(f"{q.id}: created {len(made)} demo assessment(s)")
