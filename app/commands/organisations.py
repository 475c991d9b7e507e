"""`digicheck organisations ...`: the organisations that use this platform, for operators."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import organisations as service
from ..content import content
from ..extensions import db
from ..models import Organisation
from ..models.organisation import KINDS
from ..organisations import OrganisationError


@click.group("organisations")
def organisations() -> None:
    """Create, list and delete organisations (hubs, competence centres, EDIHs, chambers, consultancies)."""


def _codes(raw: str) -> list[str]:
    return [part.strip().lower() for part in raw.split(",") if part.strip()]  # "ST" as stored: "st"


@organisations.command()
@click.argument("slug")
@click.option("--name", required=True, help="The name members and firms see.")
@click.option("--kind", required=True, type=click.Choice(KINDS))
@click.option("--states", default="", help="States it serves, e.g. 'st,sn' (two-letter codes).")
@click.option("--postcode-regions", default="", help="Two-digit postcode regions it serves, e.g. '39,06'.")
@click.option("--centre", "centre_id", help="Its id in the centre catalogue, if it has one.")
@with_appcontext
def create(slug: str, name: str, kind: str, states: str, postcode_regions: str, centre_id: str | None) -> None:
    """Create the organisation SLUG."""
    if centre_id is not None and centre_id not in {c.id for c in content().centres.centres}:
        raise click.UsageError(f"no centre '{centre_id}' in the centre catalogue (digicheck questionnaires validate "
                               "lists the catalogue; ids are like mdz_magdeburg)")
    try:
        service.create(slug, name, kind, states=_codes(states), postcode_regions=_codes(postcode_regions),
                       centre_id=centre_id)
    except OrganisationError as problem:
        raise click.UsageError(str(problem)) from problem
    db.session.commit()
    click.echo(f"created {slug} ({kind})")


@organisations.command("list")
@with_appcontext
def list_organisations() -> None:
    for organisation in db.session.scalars(db.select(Organisation).order_by(Organisation.slug)):
        click.echo(f"{organisation.slug}\t{organisation.kind}\t{organisation.name}\t{len(organisation.memberships)} member(s)")


@organisations.command()
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def delete(slug: str, yes: bool) -> None:
    """Delete SLUG with its memberships, invitations and audit entries (the accounts stay)."""
    organisation = service.find(slug)
    if organisation is None:
        raise click.UsageError(f"no organisation '{slug}'")
    if not yes:
        click.confirm(f"Delete the organisation {slug}?", abort=True)
    service.delete(organisation)
    db.session.commit()
    click.echo(f"deleted {slug}")
