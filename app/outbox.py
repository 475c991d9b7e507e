"""The outbox: mail is queued by pages and commands and sent by `digicheck mail send-due` (cron or a timer).

Why a queue: a page must answer quickly and the same whether or not the mail server is up,
and a mail must not be lost because the server was down for an hour. So a page only adds a
row; the sender takes due rows one by one, claims each (two senders at once never send a mail
twice), sends it, and deletes it once the server has taken it. A refused mail is tried again
after a wait that doubles from five minutes up to six hours, as long as it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from .extensions import db
from .mail import deliver, mail_configured
from .models import OutgoingMail, utcnow

FIRST_WAIT = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
UNDELIVERABLE_DAYS = 30
"""A mail that has failed for this long is given up by the purge (its address would otherwise stay)."""
CLAIM = timedelta(minutes=5)
"""How long a sender may take over one mail before another sender may try it."""


def enqueue(recipient: str, subject: str, body: str, *, purpose: str, not_before: datetime | None = None) -> OutgoingMail:
    """Queue a mail (the caller commits with its own changes: the mail goes only if they are kept)."""
    queued = OutgoingMail(recipient=recipient.strip(), subject=subject[:200], body=body, purpose=purpose,
                          next_attempt_at=not_before or utcnow())
    db.session.add(queued)
    return queued


def wait_after(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 5 min, 10, 20, ... at most 6 h."""
    return min(FIRST_WAIT * 2 ** max(0, attempts - 1), LONGEST_WAIT)


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: int
    waiting: int  # still queued afterwards (not due yet, failed now, or claimed by another sender)


def send_due(*, now: datetime | None = None, limit: int = 200) -> Sent:
    """Send up to `limit` due mails, each committed on its own: a crash half-way loses nothing."""
    moment = now or utcnow()
    sent = failed = 0
    if mail_configured():
        due = list(db.session.scalars(select(OutgoingMail.id).where(
            OutgoingMail.next_attempt_at <= moment, _unclaimed(moment)).order_by(OutgoingMail.next_attempt_at,
                                                                                 OutgoingMail.id).limit(limit)))
        for mail_id in due:
            if not _claim(mail_id, now or utcnow()):  # now, not when the run began: a slow run's claims must hold
                continue  # another sender took it
            queued = db.session.get(OutgoingMail, mail_id)
            if queued is None:  # deleted meanwhile (the firm left)
                continue
            problem = deliver(queued.recipient, queued.subject, queued.body)
            if problem is None:
                db.session.delete(queued)
                sent += 1
            else:
                queued.attempts += 1
                queued.last_error = problem
                queued.next_attempt_at = (now or utcnow()) + wait_after(queued.attempts)
                queued.claimed_until = None
                failed += 1
            db.session.commit()
    waiting = db.session.scalar(select(func.count()).select_from(OutgoingMail)) or 0
    return Sent(sent, failed, int(waiting))


def _unclaimed(moment: datetime) -> ColumnElement[bool]:
    return or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until < moment)


def _claim(mail_id: int, moment: datetime) -> bool:
    claimed = db.session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id, _unclaimed(moment))
                                 .values(claimed_until=moment + CLAIM).execution_options(synchronize_session=False))
    db.session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Waiting:
    purpose: str
    mails: int
    failing: int  # of them tried at least once without success
    oldest: datetime | None


def status() -> list[Waiting]:
    """What waits in the outbox, per purpose: for the operator (`digicheck mail status`)."""
    rows = db.session.execute(select(OutgoingMail.purpose, func.count(), func.sum(case((OutgoingMail.attempts > 0, 1), else_=0)),
                                     func.min(OutgoingMail.created_at)).group_by(OutgoingMail.purpose)
                              .order_by(OutgoingMail.purpose))
    return [Waiting(str(p), int(n), int(f or 0), oldest) for p, n, f, oldest in rows]


def purge_undeliverable(*, dry_run: bool = False, days: int = UNDELIVERABLE_DAYS) -> int:
    """Mail that has failed since it was queued `days` ago: given up, and logged as such by the purge's count."""
    old = select(OutgoingMail.id).where(OutgoingMail.attempts > 0,
                                        OutgoingMail.created_at < utcnow() - timedelta(days=days))
    ids = list(db.session.scalars(old))
    if ids and not dry_run:
        db.session.execute(delete(OutgoingMail).where(OutgoingMail.id.in_(ids)))
    return len(ids)
