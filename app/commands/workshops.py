"""`digicheck workshops ...`: make a workshop from a script (its code and join URL), list and close them."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import accounts, organisations
from .. import workshops as service
from ..content import catalogue
from ..extensions import db
from ..models.workshop import PACES
from ..workshops import WorkshopError


@click.group("workshops")
def workshops() -> None:
    """Workshops: a consultant runs a check with a firm's team."""


def join_url(code: str) -> str:
    base = current_app.config.get("DIGICHECK_BASE_URL") or "http://localhost:5000"
    return f"{base.rstrip('/')}/w/{code}"


@workshops.command()
@click.option("--organisation", "slug", required=True, help="The organisation running it (slug).")
@click.option("--owner", required=True, help="The consultant's e-mail address (an admin or consultant of it).")
@click.option("--check", "check_id", required=True, help="The questionnaire id, e.g. kmu-check or quick-check.")
@click.option("--firm", required=True, help="The firm's name, as the consultant writes it.")
@click.option("--language", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--date", "held_on", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day (default: today).")
@click.option("--pace", type=click.Choice(PACES), default="free", show_default=True)
@with_appcontext
def create(slug: str, owner: str, check_id: str, firm: str, language: str, held_on: datetime | None, pace: str) -> None:
    """Create a workshop; prints its join code and join URL."""
    organisation = organisations.find(slug)
    if organisation is None:
        raise click.UsageError(f"no organisation '{slug}'")
    account = accounts.find_account(owner)
    if account is None or not any(m.organisation_id == organisation.id and m.role in ("admin", "consultant")
                                  for m in account.memberships):
        raise click.UsageError(f"{owner} is no admin or consultant of {slug}")
    q = catalogue().get(check_id)
    if q is None:
        raise click.UsageError(f"no check '{check_id}' (digicheck questionnaires validate lists them)")
    try:
        workshop = service.create(organisation, account, q, firm, language=language,
                                  held_on=held_on.date() if held_on else None, pace=pace)
    except WorkshopError as problem:
        raise click.UsageError(str(problem)) from problem
    db.session.commit()
    click.echo(f"code: {workshop.code}")
    click.echo(f"join: {join_url(workshop.code)}")


@workshops.command()
@click.argument("code")
@with_appcontext
def close(code: str) -> None:
    """Close the open workshop with CODE: the code stops working at once."""
    workshop = service.find_open(code)
    if workshop is None:
        raise click.UsageError(f"no open workshop with the code {code}")
    service.close(workshop)
    db.session.commit()
    click.echo(f"closed {workshop.code} ({workshop.firm_name})")
