"""`digicheck accounts ...`: invitations and accounts, for operators (no self sign-up exists)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import accounts as service
from .. import organisations
from ..accounts import InvitationError
from ..extensions import db
from ..models import Account
from ..models.organisation import ROLES


@click.group("accounts")
def accounts() -> None:
    """Invite, list, disable and delete accounts of consultants, hub staff and operators."""


@accounts.command()
@click.argument("email")
@click.option("--organisation", "slug", help="The organisation's short name (slug).")
@click.option("--role", type=click.Choice(ROLES), help="The role in that organisation.")
@click.option("--operator", is_flag=True, help="Invite an operator of the platform instead.")
@with_appcontext
def invite(email: str, slug: str | None, role: str | None, operator: bool) -> None:
    """Invite EMAIL: prints the link and sends it by mail when SMTP is configured."""
    if operator == bool(slug or role):
        raise click.UsageError("give either --organisation SLUG --role ROLE, or --operator")
    organisation = organisations.find(slug) if slug else None
    if slug and organisation is None:
        raise click.UsageError(f"no organisation '{slug}' (digicheck organisations list)")
    try:
        invited = service.invite(email, organisation=organisation, role=role, operator=operator)
    except InvitationError as problem:
        raise click.UsageError(str(problem)) from problem
    link = invitation_link(invited.token)
    sent = service.mail_invitation(invited.invitation.email, link, organisation.name if organisation else None)
    db.session.commit()
    click.echo(f"invitation for {invited.invitation.email} (valid {service.INVITATION_DAYS} days, works once):")
    click.echo(link)
    click.echo("sent by mail" if sent else "not sent by mail (no SMTP server configured, or it refused): pass the link on")


def invitation_link(token: str) -> str:
    base = current_app.config.get("DIGICHECK_BASE_URL") or "http://localhost:5000"
    return f"{base.rstrip('/')}/invite/{token}"


@accounts.command("list")
@with_appcontext
def list_accounts() -> None:
    """Every account with its state and memberships."""
    for account in service.all_accounts():
        roles = ", ".join(f"{m.organisation.slug}:{m.role}" for m in account.memberships) or "-"
        flags = [flag for flag, on in (("operator", account.operator), ("disabled", not account.active)) if on]
        click.echo(f"{account.email}\t{roles}\t{' '.join(flags)}".rstrip())


def _account(email: str) -> Account:
    found = service.find_account(email)
    if found is None:
        raise click.UsageError(f"no account {email}")
    return found


@accounts.command()
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    """Sign EMAIL out everywhere and stop it from signing in (memberships stay)."""
    service.disable(_account(email))
    db.session.commit()
    click.echo(f"disabled {email}")


@accounts.command()
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def delete(email: str, yes: bool) -> None:
    """Delete EMAIL with its passkeys and memberships."""
    account = _account(email)
    if not yes:
        click.confirm(f"Delete the account {email}?", abort=True)
    service.delete(account)
    db.session.commit()
    click.echo(f"deleted {email}")
