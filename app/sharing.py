"""A firm shares its finished result with an organisation, so that a consultant can prepare a meeting.

Sharing is explicit (a ticked box per organisation), revocable at any time from the private
link, and recorded in the organisation's audit log. Only organisations the firm came
through (its entry link) or that run one of the centres matched to it can be chosen.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from . import audit
from .extensions import db
from .models import Assessment, Organisation, Share

CONTACT_LENGTH = 200


def candidates(assessment: Assessment, matched_centres: Iterable[str]) -> list[Organisation]:
    """Organisations this firm may share with: its entry link's, and those running a matched centre."""
    centre_ids = list(matched_centres)
    found = db.session.scalars(select(Organisation).where(
        (Organisation.id == assessment.organisation_id) | Organisation.centre_id.in_(centre_ids))).all()
    return sorted(found, key=lambda o: (o.id != assessment.organisation_id, o.name.lower()))


def shares_of(assessment: Assessment) -> list[Share]:
    return list(db.session.scalars(select(Share).where(Share.assessment_id == assessment.id).order_by(Share.id)))


def share(assessment: Assessment, organisation: Organisation, contact_name: str | None, contact: str | None) -> Share:
    """Shared (or its contact details updated); the audit log records it."""
    found = db.session.scalar(select(Share).where(Share.assessment_id == assessment.id,
                                                  Share.organisation_id == organisation.id))
    if found is None:
        found = Share(assessment_id=assessment.id, organisation_id=organisation.id)
        db.session.add(found)
    found.contact_name = _clean(contact_name)
    found.contact = _clean(contact)
    db.session.flush()
    audit.record("result_shared", organisation=organisation)
    return found


def revoke(assessment: Assessment, organisation: Organisation) -> bool:
    found = db.session.scalar(select(Share).where(Share.assessment_id == assessment.id,
                                                  Share.organisation_id == organisation.id))
    if found is None:
        return False
    db.session.delete(found)
    audit.record("share_revoked", organisation=organisation)
    return True


def shared_with(organisation: Organisation) -> list[tuple[Share, Assessment]]:
    rows = db.session.execute(select(Share, Assessment).join(Assessment, Assessment.id == Share.assessment_id)
                              .where(Share.organisation_id == organisation.id).order_by(Share.created_at.desc()))
    return [(row[0], row[1]) for row in rows]


def one_shared(organisation: Organisation, share_id: int) -> tuple[Share, Assessment] | None:
    """A result shared with this organisation; None for another organisation's share, whatever the id."""
    row = db.session.execute(select(Share, Assessment).join(Assessment, Assessment.id == Share.assessment_id)
                             .where(Share.id == share_id, Share.organisation_id == organisation.id)).first()
    return (row[0], row[1]) if row is not None else None


def _clean(value: str | None) -> str | None:
    text = " ".join((value or "").split())[:CONTACT_LENGTH]
    return text or None
