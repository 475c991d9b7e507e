"""Konvois: the organiser plans rounds, member firms join by a link, take each round's check and share what they choose.

Why the pieces are as they are (docs/konvois.md):
- A member has no account. Its membership link (`/m/<token>`) is shown once and kept only as
  a hash. The round mail cannot carry it, so it carries a signed link to that round's check
  that expires when the round closes (`round_link`): a mail never holds an old or lasting key.
- A member's check of a round is an assessment of its own, answered on the public check's
  pages. Its private link is made afresh each time the member opens it from its page or the
  mail (only the hash is stored, so an old link stops working).
- The group sees of a round only what each member chose (`SHARING`): app/konvoi_board.py, with
  figures for the group only over the members who shared scores (scoring/konvoi.py).
"""

from __future__ import annotations

import calendar
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from questionnaires import Questionnaire

from . import assessments, outbox
from .answering import PROFILE
from .extensions import db
from .models import (SHARING, Account, Assessment, Konvoi, KonvoiEntry, KonvoiInvitation, KonvoiMember, KonvoiRound,
                     Organisation, OutgoingMail, utcnow)

NAME_LENGTH = 80
NOTE_LENGTH = 1000
KONVOI_NAME_LENGTH = 120
MOST_ROUNDS = 12
REMIND_DAYS = 3
"""The reminder goes this many days before a round's planned end."""
INVITATION_DAYS = 30
"""An invitation's address is deleted when it is used, or this many days after it was sent."""
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
"""Plain ASCII addresses: what every mail server takes (an address with umlauts needs the server's SMTPUTF8)."""
_ROUND_SALT = "konvoi-round"
ROUND_LINK_DAYS = 120
"""The longest a round mail's link lives, even if its round were never closed."""


class KonvoiError(ValueError):
    """A request a Konvoi cannot take, with a message for the person and the status to answer with."""

    def __init__(self, message: str, status: int = 400, field: str = "") -> None:
        super().__init__(message)
        self.status, self.field = status, field  # field: the form field the message belongs under


def _months_later(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def create(organisation: Organisation, owner: Account | None, questionnaire: Questionnaire, name: str, *,
           first_on: date, every_months: int, rounds: int, open_days: int = 21, language: str = "de") -> Konvoi:
    """A Konvoi with its planned rounds; the check's version is pinned here for its whole life."""
    name = " ".join(name.split())
    if not name or len(name) > KONVOI_NAME_LENGTH:
        raise KonvoiError(ngettext("Give the Konvoi a name of at most %(num)d character.", "Give the Konvoi a name of at most %(num)d characters.", KONVOI_NAME_LENGTH))
    if not 1 <= rounds <= MOST_ROUNDS or not 1 <= every_months <= 12 or not 1 <= open_days < 28 * every_months \
            or open_days > 90:
        raise KonvoiError(ngettext("Plan 1 to %(num)d round, 1 to 12 months apart, each open for 1 to 90 days and "
                                    "closed before the next one opens.",
                                    "Plan 1 to %(num)d rounds, 1 to 12 months apart, each open for 1 to 90 days and "
                                    "closed before the next one opens.", MOST_ROUNDS))
    konvoi = Konvoi(organisation_id=organisation.id, owner_id=owner.id if owner else None, name=name,
                    questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                    language=language, join_token=secrets.token_urlsafe(32))
    for number in range(1, rounds + 1):
        opens = _months_later(first_on, (number - 1) * every_months)
        konvoi.rounds.append(KonvoiRound(number=number, planned_on=opens, closes_on=opens + timedelta(days=open_days)))
    db.session.add(konvoi)
    db.session.flush()
    return konvoi


def new_join_link(konvoi: Konvoi) -> None:
    """A new join link replaces the old one (passed on too widely, say); members keep their own links."""
    konvoi.join_token = secrets.token_urlsafe(32)


def of_organisations(organisation_ids: list[int]) -> list[Konvoi]:
    if not organisation_ids:
        return []
    return list(db.session.scalars(select(Konvoi).where(Konvoi.organisation_id.in_(organisation_ids))
                                   .order_by(Konvoi.created_at.desc(), Konvoi.id.desc())))


def find_to_join(token: str) -> Konvoi | None:
    """The open Konvoi behind a join link, or the one an unused e-mail invitation leads to."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        return None
    found = db.session.scalar(select(Konvoi).where(Konvoi.join_token == token, Konvoi.closed_at.is_(None)))
    if found is None:
        invitation = _invitation(token)
        found = invitation.konvoi if invitation and invitation.konvoi.closed_at is None else None
    return found


def _invitation(token: str) -> KonvoiInvitation | None:
    oldest = utcnow() - timedelta(days=INVITATION_DAYS)
    return db.session.scalar(select(KonvoiInvitation).where(KonvoiInvitation.token_hash == assessments.hash_token(token),
                                                            KonvoiInvitation.created_at >= oldest))


def join(konvoi: Konvoi, token: str, display_name: str, email: str, *, mail_consent: bool,
         statistics: bool) -> tuple[KonvoiMember, str]:
    """A new member and its private membership link's token (shown once, stored only as a hash)."""
    display_name = " ".join(display_name.split())
    email = email.strip().lower()
    if not display_name or len(display_name) > NAME_LENGTH:
        raise KonvoiError(ngettext("Choose a name for the group of at most %(num)d character.",
                                    "Choose a name for the group of at most %(num)d characters.", NAME_LENGTH),
                          field="display_name")
    if email and not EMAIL.match(email):
        raise KonvoiError(_("This e-mail address does not look right."))
    if email and not mail_consent:
        raise KonvoiError(_("To get the round mail, please agree to it; or leave the address out."))
    secret = secrets.token_urlsafe(24)
    member = KonvoiMember(konvoi_id=konvoi.id, token_hash=assessments.hash_token(secret), display_name=display_name,
                          email=email or None, consent_version=assessments.CONSENT_VERSION, consent_statistics=statistics)
    db.session.add(member)
    invitation = _invitation(token)
    if invitation is not None:
        db.session.delete(invitation)  # used: its address is not needed any more
    db.session.flush()
    return member, secret


def find_member(token: str) -> KonvoiMember | None:
    if not assessments.TOKEN_PATTERN.fullmatch(token):
        return None
    return db.session.scalar(select(KonvoiMember).where(KonvoiMember.token_hash == assessments.hash_token(token)))


def leave(member: KonvoiMember) -> None:
    """The membership goes with its address, notes, sharing and unsent mail; checks stay only as anonymous statistics."""
    entries = list(db.session.scalars(select(KonvoiEntry).where(KonvoiEntry.member_id == member.id)))
    for entry in entries:
        checked = db.session.get(Assessment, entry.assessment_id) if entry.assessment_id else None
        if checked is not None and not member.consent_statistics:
            assessments.delete(checked)
        elif checked is not None:  # kept for statistics only: no link opens it any more
            assessments.new_link(checked)
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.konvoi_member_id == member.id))
    db.session.execute(delete(KonvoiEntry).where(KonvoiEntry.member_id == member.id))
    db.session.delete(member)


def remove(konvoi: Konvoi) -> None:
    """The Konvoi goes with every member, as if each had left (checks stay only as anonymous statistics)."""
    for member in list(konvoi.members):
        leave(member)
    db.session.execute(delete(KonvoiInvitation).where(KonvoiInvitation.konvoi_id == konvoi.id))
    db.session.flush()
    db.session.expire(konvoi, ["members"])
    db.session.delete(konvoi)


def invite(konvoi: Konvoi, email: str) -> None:
    """An e-mail with its own join link, through the outbox; the address is kept until used or expired."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise KonvoiError(_("This e-mail address does not look right."))
    if konvoi.closed_at is not None:
        raise KonvoiError(_("This Konvoi is closed."), 409)
    secret = secrets.token_urlsafe(32)
    invitation = KonvoiInvitation(konvoi_id=konvoi.id, email=email, token_hash=assessments.hash_token(secret))
    db.session.add(invitation)
    db.session.flush()
    link = _external("konvoi.join", token=secret)
    with force_locale(konvoi.language):
        subject = _("Invitation to the Konvoi “%(name)s”", name=konvoi.name)
        body = _("You are invited to the Konvoi “%(name)s” of %(organisation)s: a group of firms that take the "
                 "digitalisation check round after round and show each other their progress.\n\nJoin here "
                 "(the link works for %(days)d days):\n%(link)s\n", name=konvoi.name,
                 organisation=konvoi.organisation.name, days=INVITATION_DAYS, link=link)
    outbox.enqueue(email, subject, body, purpose="konvoi_invitation").konvoi_invitation_id = invitation.id


def _external(endpoint: str, **values: str) -> str:
    """A full address for a mail: on DIGICHECK_BASE_URL where set (mail also goes out from the daily command)."""
    base = current_app.config.get("DIGICHECK_BASE_URL")
    if has_request_context() and not base:
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base or "http://localhost:5000"):
        return url_for(endpoint, _external=True, **values)


def purge_invitations(*, dry_run: bool = False) -> int:
    """Invitation addresses never used within INVITATION_DAYS are deleted (the privacy page says so)."""
    old = select(KonvoiInvitation.id).where(KonvoiInvitation.created_at < utcnow() - timedelta(days=INVITATION_DAYS))
    ids = list(db.session.scalars(old))
    if ids and not dry_run:
        db.session.execute(delete(KonvoiInvitation).where(KonvoiInvitation.id.in_(ids)))
    return len(ids)


# Rounds


def open_round(konvoi_round: KonvoiRound, *, now: datetime | None = None) -> int:
    """Open a round (on its date, or earlier by hand) and queue its mail; how many mails were queued.

    One round is open at a time: opening one closes the one before.
    """
    moment = now or utcnow()
    if konvoi_round.opened_at is not None:
        raise KonvoiError(_("This round has been opened already."), 409)
    if konvoi_round.konvoi.closed_at is not None:
        raise KonvoiError(_("This Konvoi is closed."), 409)
    if any(r.opened_at is not None for r in konvoi_round.konvoi.rounds if r.number > konvoi_round.number):
        raise KonvoiError(_("A later round has been held already: this one is skipped."), 409)
    for other in konvoi_round.konvoi.rounds:
        if other.is_open:
            _end(other, moment)
    konvoi_round.opened_at = moment
    if konvoi_round.closes_on < moment.date():
        konvoi_round.closes_on = moment.date() + timedelta(days=REMIND_DAYS + 7)  # opened late: a week and a reminder
    return _round_mail(konvoi_round, reminder=False)


def close_round(konvoi_round: KonvoiRound, *, now: datetime | None = None) -> None:
    if not konvoi_round.is_open:
        raise KonvoiError(_("Only an open round can be closed."), 409)
    _end(konvoi_round, now or utcnow())


def _end(konvoi_round: KonvoiRound, moment: datetime) -> None:
    """Close the round; its mail that has not gone yet would only carry a link that no longer opens anything."""
    konvoi_round.closed_at = moment
    konvoi = konvoi_round.konvoi
    if konvoi_round.number == konvoi.rounds[-1].number:
        konvoi.closed_at = moment  # the last round is over: nobody joins any more
    members = select(KonvoiMember.id).where(KonvoiMember.konvoi_id == konvoi_round.konvoi_id)
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.konvoi_member_id.in_(members),
                                                  OutgoingMail.purpose.in_(("konvoi_round", "konvoi_reminder")))
                       .execution_options(synchronize_session=False))


@dataclass(frozen=True)
class Tick:
    opened: int
    reminded: int
    closed: int


def tick(*, now: datetime | None = None) -> Tick:
    """What the calendar asks for today (`digicheck konvois tick`, daily): open, remind, close."""
    moment = now or utcnow()
    today = moment.date()
    opened = reminded = closed = 0
    rounds = db.session.scalars(select(KonvoiRound).join(Konvoi).where(Konvoi.closed_at.is_(None),
                                                                       KonvoiRound.closed_at.is_(None))
                                .order_by(KonvoiRound.konvoi_id, KonvoiRound.number))
    for r in list(rounds):
        if r.is_open and r.closes_on < today:  # open through its last day, as the mail says
            _end(r, moment)
            closed += 1
        elif r.is_open and r.reminded_at is None and r.closes_on - timedelta(days=REMIND_DAYS) <= today:
            _round_mail(r, reminder=True)
            r.reminded_at, reminded = moment, reminded + 1
        elif r.opened_at is None and r.planned_on <= today and _latest_due(r, today):
            open_round(r, now=moment)
            opened += 1
    return Tick(opened, reminded, closed)


def _latest_due(konvoi_round: KonvoiRound, today: date) -> bool:
    """Only the newest round whose day has come opens (after days without the daily command, older ones are
    skipped), and never one before a round that has been held."""
    later = [r for r in konvoi_round.konvoi.rounds if r.number > konvoi_round.number]
    return not any(r.opened_at is not None or r.planned_on <= today for r in later)


def round_closed(round_id: int) -> bool:
    """Whether the round a check belongs to is over (its check then no longer changes)."""
    found = db.session.get(KonvoiRound, round_id)
    return found is not None and found.closed_at is not None


def round_link(member: KonvoiMember, konvoi_round: KonvoiRound) -> str:
    """A signed link to this member's check of this round: it works while the round is open (ROUND_LINK_DAYS at most)."""
    # The fingerprint's start ties the link to this membership: a firm that joins later under a reused id gets none.
    token = URLSafeTimedSerializer(current_app.secret_key or "", salt=_ROUND_SALT).dumps(
        [member.id, konvoi_round.id, member.token_hash[:16]])
    return _external("konvoi.round_from_mail", signed=token)


def from_round_link(signed: str) -> tuple[KonvoiMember, KonvoiRound] | None:
    """The member and round behind a mail's link, while the round is open; None for anything else."""
    try:
        member_id, round_id, fingerprint = URLSafeTimedSerializer(current_app.secret_key or "", salt=_ROUND_SALT).loads(
            signed, max_age=ROUND_LINK_DAYS * 86400)
        member, found = db.session.get(KonvoiMember, int(member_id)), db.session.get(KonvoiRound, int(round_id))
    except (BadSignature, TypeError, ValueError):
        return None
    if member is None or found is None or member.token_hash[:16] != fingerprint:
        return None
    if found.konvoi_id != member.konvoi_id or not found.is_open:
        return None
    return member, found


def _round_mail(konvoi_round: KonvoiRound, *, reminder: bool) -> int:
    konvoi = konvoi_round.konvoi
    queued = 0
    for member in konvoi.members:
        if not member.email:
            continue
        if reminder and _completed(_entry_of(member, konvoi_round)):
            continue  # done already: no reminder
        with force_locale(konvoi.language):
            if reminder:
                subject = _("Reminder: round %(number)d of the Konvoi “%(name)s” ends on %(day)s", number=konvoi_round.number,
                            name=konvoi.name, day=konvoi_round.closes_on.strftime("%d.%m.%Y"))
            else:
                subject = _("Round %(number)d of the Konvoi “%(name)s” is open", number=konvoi_round.number, name=konvoi.name)
            body = _("Hello %(member)s,\n\nround %(number)d of the Konvoi “%(name)s” is open until %(day)s. Take this "
                     "round's check here (the link works until the round ends; it opens only your check):\n"
                     "%(link)s\n\nYour own page, with your progress and the group's, is behind the membership link "
                     "you saved when you joined.\n", member=member.display_name, number=konvoi_round.number,
                     name=konvoi.name, day=konvoi_round.closes_on.strftime("%d.%m.%Y"),
                     link=round_link(member, konvoi_round))
        mail = outbox.enqueue(member.email, subject, body, purpose="konvoi_reminder" if reminder else "konvoi_round")
        mail.konvoi_member_id = member.id
        queued += 1
    return queued


# A member's round


def _entry_of(member: KonvoiMember, konvoi_round: KonvoiRound) -> KonvoiEntry | None:
    return db.session.scalar(select(KonvoiEntry).where(KonvoiEntry.member_id == member.id,
                                                       KonvoiEntry.round_id == konvoi_round.id))


def _completed(entry: KonvoiEntry | None) -> bool:
    checked = db.session.get(Assessment, entry.assessment_id) if entry and entry.assessment_id else None
    return checked is not None and checked.completed_at is not None


def entry(member: KonvoiMember, konvoi_round: KonvoiRound) -> KonvoiEntry:
    """The member's entry for the round, made the first time."""
    found = _entry_of(member, konvoi_round)
    if found is None:
        try:
            with db.session.begin_nested():  # a second click at the same moment made it first: use that one
                found = KonvoiEntry(member_id=member.id, round_id=konvoi_round.id, sharing="nothing", done_note="",
                                    next_note="")
                db.session.add(found)
        except IntegrityError:
            found = _entry_of(member, konvoi_round)
            assert found is not None
    return found


def open_check(member: KonvoiMember, konvoi_round: KonvoiRound, questionnaire: Questionnaire) -> str:
    """The private token of the member's check of this round, made afresh (the old one stops working).

    The first time, the check starts with the profile of the member's round before (carried
    forward, so the firm goes straight to the questions) and links to that round's check.
    """
    if not konvoi_round.is_open:
        raise KonvoiError(_("This round is not open."), 409)
    # One at a time per firm (PostgreSQL; SQLite writes one at a time anyway): two clicks make one check.
    db.session.execute(select(KonvoiMember.id).where(KonvoiMember.id == member.id).with_for_update())
    found = entry(member, konvoi_round)
    checked = db.session.get(Assessment, found.assessment_id) if found.assessment_id else None
    if checked is None:
        before = _latest_check(member, konvoi_round)
        checked, token = assessments.start(questionnaire, member.konvoi.language, statistics=member.consent_statistics,
                                           previous=before, organisation=member.konvoi.organisation)
        checked.konvoi_round_id = konvoi_round.id
        if before is not None and before.profile:
            checked.pages_done = [PROFILE]
        found.assessment_id = checked.id
        return token
    return assessments.new_link(checked)


def _latest_check(member: KonvoiMember, before: KonvoiRound) -> Assessment | None:
    return db.session.scalar(select(Assessment).join(KonvoiEntry, KonvoiEntry.assessment_id == Assessment.id)
                             .join(KonvoiRound, KonvoiRound.id == KonvoiEntry.round_id)
                             .where(KonvoiEntry.member_id == member.id, KonvoiRound.number < before.number,
                                    Assessment.completed_at.is_not(None))
                             .order_by(KonvoiRound.number.desc()).limit(1))


def share(member: KonvoiMember, konvoi_round: KonvoiRound, sharing: str, done_note: str, next_note: str) -> KonvoiEntry:
    """What the group sees of this round, and the progress note; may be changed later, also after the round."""
    if sharing not in SHARING:
        raise KonvoiError(_("Choose what the group may see: nothing, your levels or your points."))
    done_note, next_note = done_note.replace("\r\n", "\n"), next_note.replace("\r\n", "\n")  # as the browser counts
    if len(done_note) > NOTE_LENGTH or len(next_note) > NOTE_LENGTH:
        raise KonvoiError(ngettext("A note may have at most %(num)d character.", "A note may have at most %(num)d characters.", NOTE_LENGTH))
    if konvoi_round.opened_at is None:
        raise KonvoiError(_("This round has not been opened yet."), 409)
    found = entry(member, konvoi_round)
    found.sharing, found.done_note, found.next_note = sharing, done_note.strip(), next_note.strip()
    return found
