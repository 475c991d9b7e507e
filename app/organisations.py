"""Organisations that use digicheck: hubs, competence centres, EDIHs, chambers, consultancies."""

from __future__ import annotations

import re

from sqlalchemy import select

from questionnaires.taxonomy import STATE_NAMES

from .extensions import db
from .models import Organisation
from .models.organisation import KINDS

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
POSTCODE_REGION = re.compile(r"^[0-9]{2}$")


class OrganisationError(ValueError):
    """An organisation that cannot be made as asked, with a message for the operator."""


def find(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug)) if SLUG.match(slug) else None


def create(slug: str, name: str, kind: str, *, states: list[str] | None = None,
           postcode_regions: list[str] | None = None, centre_id: str | None = None) -> Organisation:
    if not SLUG.match(slug):
        raise OrganisationError("the short name (slug) takes 2-63 lower-case letters, digits and '-'")
    if kind not in KINDS:
        raise OrganisationError(f"kind must be one of: {', '.join(KINDS)}")
    if not name.strip() or len(name) > 200:
        raise OrganisationError("the name must be 1-200 characters")
    unknown = [s for s in states or () if s not in STATE_NAMES]
    if unknown:
        raise OrganisationError(f"unknown state codes: {', '.join(unknown)} (use e.g. st, nw, by)")
    bad = [r for r in postcode_regions or () if not POSTCODE_REGION.match(r)]
    if bad:
        raise OrganisationError(f"postcode regions are two digits: {', '.join(bad)}")
    if find(slug) is not None:
        raise OrganisationError(f"an organisation '{slug}' exists already")
    organisation = Organisation(slug=slug, name=name.strip(), kind=kind, states=list(states or ()),
                                postcode_regions=list(postcode_regions or ()), centre_id=centre_id)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def delete(organisation: Organisation) -> None:
    """Gone with its memberships, invitations and audit entries; accounts stay (they may belong elsewhere).

    Its Konvois go first as if every member left, so that checks kept for no statistics go too.
    """
    from . import konvois  # konvois builds on organisations

    for konvoi in konvois.of_organisations([organisation.id]):
        konvois.remove(konvoi)
    db.session.flush()
    db.session.delete(organisation)
