"""Workshops: create one with a join code, let participants join it, lead its pace, close it.

A participant is an assessment of its own with `workshop_id` set: it answers through the
same pages as the public check (app/answering), under a private link of its own, and is
never anyone's peer. The join code has six characters from an alphabet without
look-alikes (no 0/O, 1/I/L), is unique among open workshops and works only while the
workshop is open.

At the led pace the room answers page by page: participants see the question pages up to
the one the consultant opened last (`Workshop.opened_page`; at first only the first
question page), so the discussion of a page finds everyone on it. The profile page is
always open: it holds facts, not opinions, and is quickest answered before the room starts.
Once the workshop is closed no one leads any more, and every page is open.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, select

from questionnaires import Questionnaire
from scoring import InvalidAnswer, score
from scoring.team import TeamView, suggested_consensus, team_view

from . import assessments, live, results
from .answering import PROFILE, pages
from .answering.page_flow import page_questions
from .content import catalogue
from .extensions import db
from .models import Account, Assessment, Organisation, Workshop, utcnow
from .models.workshop import PACES

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PARTICIPANT_DAYS = 30  # participants' answers are deleted this long after the workshop closed
CODE_LENGTH = 6
ROLE_LENGTH = 40
NOTE_LENGTH = 500  # a note to an agreed answer: a sentence or two for the report, not minutes
NOTE_FIELD = "note:"  # a consensus page's note fields: "note:<question id>"


class WorkshopError(ValueError):
    """A workshop that cannot be made or joined as asked, with a message for the person."""


@dataclass(frozen=True)
class Attendance:
    """What the projector shows while the distributions are hidden: who joined, who finished."""

    joined: int
    finished: int


@dataclass(frozen=True)
class Room:
    """Where a led workshop's room is: what the consultant's pace control shows."""

    page: str  # the page open to the room, the last one participants may see
    number: int  # its place among all pages (the profile is 1), as the participants' progress counts
    count: int  # how many pages the check has
    next_page: str | None  # the one to open next; None when the last is open
    done: int  # participants who have sent the open page


def normal_code(code: str) -> str:
    """As people type it: lower case, spaces and dashes are forgiven."""
    return "".join(code.split()).replace("-", "").upper()


def create(organisation: Organisation, owner: Account | None, questionnaire: Questionnaire, firm_name: str, *,
           language: str = "de", held_on: date | None = None, pace: str = "free",
           profile: dict[str, Any] | None = None) -> Workshop:
    name = " ".join(firm_name.split())
    if not name or len(name) > 200:
        raise WorkshopError("the firm's name must be 1-200 characters")
    if pace not in PACES:
        raise WorkshopError(f"pace must be one of: {', '.join(PACES)}")
    if language not in ("de", "en"):
        raise WorkshopError("language must be de or en")
    workshop = Workshop(organisation=organisation, owner_id=owner.id if owner else None, firm_name=name,
                        questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                        language=language, held_on=held_on or utcnow().date(), pace=pace,
                        profile=dict(profile or {}), code=_free_code())
    db.session.add(workshop)
    db.session.flush()
    return workshop


def _free_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if find_open(code) is None:
            return code


def find_open(code: str) -> Workshop | None:
    code = normal_code(code)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return db.session.scalar(select(Workshop).where(Workshop.code == code, Workshop.closed_at.is_(None)))


def join(workshop: Workshop, questionnaire: Questionnaire, role: str | None) -> tuple[Assessment, str]:
    """A participant: a new assessment of the workshop, with the firm's profile if the consultant gave it."""
    if not workshop.open:
        raise WorkshopError("closed")
    assessment, token = assessments.start(questionnaire, workshop.language, statistics=False)
    assessment.workshop_id = workshop.id
    assessment.organisation_id = workshop.organisation_id
    assessment.participant_role = (" ".join((role or "").split())[:ROLE_LENGTH]) or None  # cleaned by its form
    if workshop.profile:  # given once by the consultant: the participant starts with the areas
        assessments.save_profile(assessment, workshop.profile)
        assessment.pages_done = [PROFILE]
    live.changed(workshop.id)  # the projector counts who joined
    return assessment, token


def close(workshop: Workshop) -> None:
    workshop.closed_at = workshop.closed_at or utcnow()
    live.changed(workshop.id)


def reveal(workshop: Workshop, shown: bool) -> None:
    """Show the team's answers on the projector, or hide them again."""
    workshop.revealed = shown
    live.changed(workshop.id)


def led(workshop: Workshop) -> bool:
    """The consultant sets the pace: only while the workshop is open (closed, no one leads any more)."""
    return workshop.pace == "led" and workshop.open


def _opened_index(workshop: Workshop, all_pages: list[str]) -> int:
    """The opened page's place; the first question page at the least, so the room can start at once."""
    first = min(1, len(all_pages) - 1)
    if workshop.opened_page in all_pages:
        return max(first, all_pages.index(workshop.opened_page))
    return first


def open_pages(workshop: Workshop, q: Questionnaire) -> list[str]:
    """The pages a participant may see and answer now, in order."""
    all_pages = pages(q)
    return all_pages[:_opened_index(workshop, all_pages) + 1] if led(workshop) else all_pages


def may_answer(workshop: Workshop, q: Questionnaire, page: str) -> bool:
    return page in open_pages(workshop, q)


def open_page(workshop: Workshop, q: Questionnaire, page: str) -> bool:
    """Open `page`, and so every page before it, to the room; False when it was open already.

    The consultant's button names the page rather than "the next", so that a double click, or a
    click on a view that has not caught up with the other, opens it once and never takes the
    room back (a room taken back would lose what participants were typing on the later page).
    Raises WorkshopError ("closed", "free", "page").
    """
    if not workshop.open:
        raise WorkshopError("closed")
    if workshop.pace != "led":
        raise WorkshopError("free")
    all_pages = pages(q)
    if page not in all_pages[1:]:  # the profile is always open, so it is never the room's page
        raise WorkshopError("page")
    if all_pages.index(page) <= _opened_index(workshop, all_pages):
        return False
    workshop.opened_page = page
    live.changed(workshop.id)  # the waiting participants and the other views follow
    return True


def open_next_page(workshop: Workshop, q: Questionnaire) -> str:
    """Open the page after the room's; which one it was. WorkshopError ("last") when none is left."""
    all_pages = pages(q)
    index = _opened_index(workshop, all_pages) + 1
    if index >= len(all_pages):
        raise WorkshopError("last")
    open_page(workshop, q, all_pages[index])
    return all_pages[index]


def room(workshop: Workshop, q: Questionnaire) -> Room | None:
    """The led room's page and how many have sent it; None at everyone's own pace."""
    if not led(workshop):
        return None
    all_pages = pages(q)
    index = _opened_index(workshop, all_pages)
    sent = db.session.scalars(select(Assessment.pages_done).where(Assessment.workshop_id == workshop.id))
    return Room(page=all_pages[index], number=index + 1, count=len(all_pages),
                next_page=all_pages[index + 1] if index + 1 < len(all_pages) else None,
                done=sum(1 for done in sent if all_pages[index] in (done or ())))


_LINK_AND_WORKSHOP = select(Assessment.questionnaire_id, Assessment.questionnaire_version, Workshop).outerjoin(
    Workshop, Assessment.workshop_id == Workshop.id).where(Assessment.token_hash == bindparam("token_hash"))


def link_may_answer(token: str, page: str) -> bool | None:
    """Whether the holder of a private link may see `page` now; None for an unknown link or page.

    One query: a led room's waiting phones ask every few seconds. Anyone but a participant of
    a led workshop may see every page.
    """
    if not assessments.TOKEN_PATTERN.fullmatch(token):
        return None
    row = db.session.execute(_LINK_AND_WORKSHOP, {"token_hash": assessments.hash_token(token)}).one_or_none()
    q = catalogue().get(row.questionnaire_id, row.questionnaire_version) if row is not None else None
    if row is None or q is None or page not in pages(q):
        return None
    return row.Workshop is None or may_answer(row.Workshop, q, page)


def purge_participants(*, dry_run: bool = False) -> int:
    """Participants of workshops closed more than PARTICIPANT_DAYS ago deleted (or only counted); how many."""
    closed_long_ago = select(Workshop.id).where(Workshop.closed_at < utcnow() - timedelta(days=PARTICIPANT_DAYS))
    gone = Assessment.workshop_id.in_(closed_long_ago)
    count = db.session.scalar(select(func.count()).select_from(Assessment).where(gone)) or 0
    if not dry_run and count:
        results.forget(gone)
        db.session.execute(delete(Assessment).where(gone))
    return count


def team(workshop: Workshop, questionnaire: Questionnaire) -> TeamView:
    """The team's picture from every participant's answers so far (scored as the public check scores them)."""
    rows = db.session.execute(select(Assessment.answers, Assessment.profile).where(
        Assessment.workshop_id == workshop.id)).all()
    scored = []
    for answers, profile in rows:
        try:
            scored.append(score(questionnaire, answers or {}, profile or {}))
        except InvalidAnswer:  # answers stored under an older check text: left out rather than guessed
            continue
    return team_view(scored)


def participants(workshop: Workshop) -> list[Assessment]:
    return list(db.session.scalars(select(Assessment).where(Assessment.workshop_id == workshop.id)
                                   .order_by(Assessment.id)))


def consensus_of(workshop: Workshop) -> Assessment | None:
    return db.session.scalar(select(Assessment).where(Assessment.consensus_of_id == workshop.id))


def start_consensus(workshop: Workshop, questionnaire: Questionnaire) -> Assessment:
    """The firm's result, to be agreed on page by page: pre-filled with the team's middle answers.

    The profile is the one the consultant gave, else the one most participants gave. After a
    "repeat", it follows the consensus of the workshop before, for before and after.
    """
    found = consensus_of(workshop)
    if found is not None:
        return found
    team = participants(workshop)
    profile = workshop.profile or _most_common([a.profile for a in team if a.profile])
    earlier = db.session.get(Workshop, workshop.previous_id) if workshop.previous_id else None
    before = consensus_of(earlier) if earlier is not None else None
    consensus, _token = assessments.start(questionnaire, workshop.language, statistics=False,
                                          organisation=workshop.organisation, previous=before)
    consensus.consensus_of_id = workshop.id
    assessments.save_profile(consensus, profile or {})
    assessments.save_answers(consensus, suggested_consensus(questionnaire, [a.answers or {} for a in team]))
    return consensus


def save_consensus(workshop: Workshop, consensus: Assessment, questionnaire: Questionnaire, *,
                   statistics: bool) -> None:
    """The firm agreed: the consensus becomes its stored result, with the workshop's section frozen."""
    consensus.consent_statistics = statistics
    all_pages = pages(questionnaire)
    for page in all_pages:
        assessments.mark_page_done(consensus, page, all_pages)
    view = team(workshop, questionnaire)
    workshop.summary = {
        "participants": view.participants,
        "disagreed": [{"question": s.question_id, "points": s.disagreement} for s in view.questions
                      if s.shown and s.disagreement][:5],
        "notes": notes_in_order(workshop, questionnaire, consensus.answers or {}),
    }
    workshop.consensus_at = utcnow()


def save_notes(workshop: Workshop, questionnaire: Questionnaire, page: str, sent: Mapping[str, str]) -> None:
    """The consultant's notes to the agreed answers of one consensus page (`sent`: question id ->
    text); an emptied note is removed, notes of other pages stay. The profile's facts take none:
    a note is about how mature the firm is, next to its answer in the report."""
    on_page = {qu.id for qu in page_questions(questionnaire, page)} if page != PROFILE else set()
    if any(qid not in on_page for qid in sent):
        raise WorkshopError("a note for a question that is not on this page")
    if any(len(text) > NOTE_LENGTH for text in sent.values()):
        raise WorkshopError(f"a note has at most {NOTE_LENGTH} characters")
    kept = {qid: text for qid, text in (workshop.notes or {}).items() if qid not in sent}
    workshop.notes = {**kept, **{qid: " ".join(text.split()) for qid, text in sent.items() if text.strip()}}


def notes_in_order(workshop: Workshop, questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, str]:
    """The notes to questions the consensus still answers, in the check's order (a note to a question
    a later answer hid, or to one of an older check text, is left out of the result)."""
    notes = workshop.notes or {}
    return {qu.id: notes[qu.id] for qu in questionnaire.questions if qu.id in notes and qu.id in answers}


def repeat(workshop: Workshop, owner: Account | None, questionnaire: Questionnaire) -> Workshop:
    """The same firm and check again, months later: its consensus will stand beside this one's."""
    again = create(workshop.organisation, owner, questionnaire, workshop.firm_name, language=workshop.language,
                   pace=workshop.pace, profile=workshop.profile)
    again.previous_id = workshop.id
    return again


def _most_common(profiles: list[dict[str, Any]]) -> dict[str, Any]:
    counted = Counter(tuple(sorted((k, str(v)) for k, v in p.items())) for p in profiles)
    if not counted:
        return {}
    best = counted.most_common(1)[0][0]
    return next(p for p in profiles if tuple(sorted((k, str(v)) for k, v in p.items())) == best)


def attendance(workshop: Workshop) -> Attendance:
    joined, finished = db.session.execute(
        select(func.count(Assessment.id), func.count(Assessment.completed_at)).where(
            Assessment.workshop_id == workshop.id)).one()
    return Attendance(joined=int(joined), finished=int(finished))


def roles(workshop: Workshop) -> list[tuple[str, int]]:
    """How many joined per role they gave (most first; "" for no role): the only way a role is
    ever shown, so that nobody's answers can be told apart by it."""
    counted = db.session.execute(
        select(Assessment.participant_role, func.count(Assessment.id)).where(Assessment.workshop_id == workshop.id)
        .group_by(Assessment.participant_role)).all()
    return sorted(((role or "", int(n)) for role, n in counted), key=lambda pair: (pair[0] == "", -pair[1], pair[0]))


def of_organisations(organisation_ids: list[int]) -> list[Workshop]:
    if not organisation_ids:
        return []
    return list(db.session.scalars(select(Workshop).where(Workshop.organisation_id.in_(organisation_ids))
                                   .order_by(Workshop.held_on.desc(), Workshop.id.desc())))
