"""Entry links (/e/<slug>): an organisation's own start page for the checks it chose, with its logo.

A check started there carries the organisation, and its consent page says so and what the
organisation will and will not see: nothing, unless the firm shares its result.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from .extensions import db
from .models import EntryLink, Organisation

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
LOGO_BYTES = 200 * 1024
# The first bytes of each accepted image type; SVG is never accepted (it can carry scripts).
LOGO_SIGNATURES = {"image/png": (b"\x89PNG\r\n\x1a\n",), "image/jpeg": (b"\xff\xd8\xff",), "image/webp": (b"RIFF",)}


class EntryLinkError(ValueError):
    """An entry link or logo that cannot be stored, with a message for the admin."""


def find_active(slug: str) -> EntryLink | None:
    if not SLUG.match(slug):
        return None
    return db.session.scalar(select(EntryLink).where(EntryLink.slug == slug, EntryLink.active.is_(True)))


def create(organisation: Organisation, slug: str, questionnaires: list[str], offered: set[str]) -> EntryLink:
    if not SLUG.match(slug):
        raise EntryLinkError("slug")
    if not questionnaires or not set(questionnaires) <= offered:
        raise EntryLinkError("questionnaires")
    if db.session.scalar(select(EntryLink).where(EntryLink.slug == slug)) is not None:
        raise EntryLinkError("taken")
    link = EntryLink(organisation=organisation, slug=slug, questionnaires=list(questionnaires), active=True)
    db.session.add(link)
    db.session.flush()
    return link


def logo_type(data: bytes) -> str:
    """The image type of an uploaded logo, judged by its bytes (never by its name); EntryLinkError if refused."""
    if len(data) > LOGO_BYTES:
        raise EntryLinkError("size")
    for mimetype, signatures in LOGO_SIGNATURES.items():
        if any(data.startswith(signature) for signature in signatures):
            if mimetype == "image/webp" and data[8:12] != b"WEBP":
                continue
            return mimetype
    raise EntryLinkError("type")


def set_logo(organisation: Organisation, data: bytes) -> None:
    organisation.logo_type = logo_type(data)
    organisation.logo = data
