"""`digicheck api-tokens ...`: an organisation's API tokens, for operators (admins use /org)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .. import api_tokens as service
from .. import organisations
from ..api_tokens import ApiTokenError
from ..extensions import db
from ..models import ApiToken


@click.group("api-tokens")
def api_tokens() -> None:
    """Create, list and revoke the API tokens with which scripts read an organisation's aggregates."""


@api_tokens.command()
@click.option("--organisation", "slug", required=True, help="The organisation whose aggregates the token reads.")
@click.option("--name", default="script", show_default=True, help="A name that says where the token is used.")
@with_appcontext
def create(slug: str, name: str) -> None:
    """Make a token and print its secret: the only time it is shown."""
    organisation = organisations.find(slug)
    if organisation is None:
        raise click.UsageError(f"no organisation '{slug}'")
    try:
        _, secret = service.create(organisation, name)
    except ApiTokenError as problem:
        raise click.UsageError(str(problem)) from problem
    db.session.commit()
    click.echo(secret)


@api_tokens.command("list")
@click.option("--organisation", "slug", help="Only this organisation's tokens.")
@with_appcontext
def list_tokens(slug: str | None) -> None:
    """id, organisation, name, created, last used, revoked (never the secret: it is not stored)."""
    query = db.select(ApiToken).order_by(ApiToken.id)
    if slug is not None:
        organisation = organisations.find(slug)
        if organisation is None:
            raise click.UsageError(f"no organisation '{slug}'")
        query = query.where(ApiToken.organisation_id == organisation.id)
    for t in db.session.scalars(query):
        click.echo(f"{t.id}\t{t.organisation.slug}\t{t.name}\t{t.created_at:%Y-%m-%d}\t"
                   f"{t.last_used_on or '-'}\t{f'revoked {t.revoked_at:%Y-%m-%d}' if t.revoked_at else 'active'}")


@api_tokens.command()
@click.argument("token_id", type=int)
@with_appcontext
def revoke(token_id: int) -> None:
    """Revoke the token TOKEN_ID (see list): scripts using it get 401 from now on."""
    found = db.session.get(ApiToken, token_id)
    if found is None:
        raise click.UsageError(f"no API token {token_id}")
    service.revoke(found)
    db.session.commit()
    click.echo(f"revoked {token_id} ({found.organisation.slug}: {found.name})")
