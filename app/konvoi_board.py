"""What the organiser and the members see of a Konvoi: each firm's rounds as it chose to share them.

A read model over the stored results (never re-scored): the same view for the organiser's
board, each member's page and the round report, so that what a firm did not share is left
out in one place. Group medians come from scoring/konvoi.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from scoring.konvoi import group_medians

from . import assessments
from .extensions import db
from .models import OVERALL, Assessment, Konvoi, KonvoiEntry, KonvoiMember, KonvoiRound, StoredDimension, StoredResult


@dataclass(frozen=True)
class Figures:
    """One completed check of a round: level and points per area ("_overall" for the whole)."""

    levels: dict[str, str | None]
    scores: dict[str, float | None]


@dataclass(frozen=True)
class Shared:
    """A member's round as the group and the organiser see it: only what the member chose."""

    took_part: bool
    sharing: str
    figures: Figures | None  # levels only (scores emptied) or both, as shared; None for "nothing"
    done_note: str
    next_note: str


@dataclass(frozen=True)
class RoundView:
    round: KonvoiRound
    took_part: int
    sharing_points: int
    group: dict[str, float | None] | None  # medians over the members who shared points, from GROUP_MINIMUM
    skipped: bool = False  # never opened, and a later round has been: it will not be held


@dataclass(frozen=True)
class Board:
    rounds: list[RoundView]
    members: list[tuple[KonvoiMember, list[Shared]]]  # each member's rounds, in round order


def figures_of(assessment_ids: list[int]) -> dict[int, Figures]:
    """The stored results of completed checks (never re-scored), by assessment id."""
    if not assessment_ids:
        return {}
    found: dict[int, Figures] = {}
    for row in db.session.execute(select(StoredResult.assessment_id, StoredResult.score, StoredResult.level_id)
                                  .where(StoredResult.assessment_id.in_(assessment_ids))):
        found[row.assessment_id] = Figures({OVERALL: row.level_id}, {OVERALL: row.score})
    for dim in db.session.scalars(select(StoredDimension).where(StoredDimension.assessment_id.in_(list(found)))):
        found[dim.assessment_id].levels[dim.dimension_id] = dim.level_id
        found[dim.assessment_id].scores[dim.dimension_id] = dim.score
    return found


def board(konvoi: Konvoi, areas: list[str]) -> Board:
    """Every round and every member's shared rounds: the same for the organiser and for each member."""
    entries = {(e.member_id, e.round_id): e for e in db.session.scalars(
        select(KonvoiEntry).join(KonvoiMember).where(KonvoiMember.konvoi_id == konvoi.id))}
    results = figures_of([e.assessment_id for e in entries.values() if e.assessment_id])
    members: list[tuple[KonvoiMember, list[Shared]]] = []
    per_round: dict[int, list[Shared]] = {r.id: [] for r in konvoi.rounds}
    for member in konvoi.members:
        rounds = []
        for r in konvoi.rounds:
            e = entries.get((member.id, r.id))
            result = results.get(e.assessment_id) if e and e.assessment_id else None
            shown = _as_shared(e, result)
            rounds.append(shown)
            per_round[r.id].append(shown)
        members.append((member, rounds))
    views = []
    for r in konvoi.rounds:
        points = [s.figures.scores for s in per_round[r.id] if s.took_part and s.sharing == "scores" and s.figures]
        skipped = r.opened_at is None and any(o.opened_at for o in konvoi.rounds if o.number > r.number)
        views.append(RoundView(r, sum(1 for s in per_round[r.id] if s.took_part), len(points),
                               group_medians(points, [OVERALL, *areas]), skipped))
    return Board(views, members)


def _as_shared(e: KonvoiEntry | None, result: Figures | None) -> Shared:
    if e is None or result is None or e.sharing == "nothing":
        return Shared(result is not None, e.sharing if e else "nothing", None, "", "")
    scores = result.scores if e.sharing == "scores" else {}
    return Shared(True, e.sharing, Figures(dict(result.levels), dict(scores)), e.done_note, e.next_note)


def own_rounds(member: KonvoiMember) -> list[tuple[KonvoiRound, KonvoiEntry | None, Figures | None]]:
    """The member's own rounds with everything, whatever it shared: for its own page only.

    Opening its page counts as a visit to each of its checks: they are kept as long as the
    firm keeps coming back (the check's retention counts from the last visit).
    """
    entries = {e.round_id: e for e in db.session.scalars(select(KonvoiEntry).where(KonvoiEntry.member_id == member.id))}
    for checked in db.session.scalars(select(Assessment).where(
            Assessment.id.in_([e.assessment_id for e in entries.values() if e.assessment_id]))):
        assessments.note_visit(checked.id, checked.last_visit)
    results = figures_of([e.assessment_id for e in entries.values() if e.assessment_id])
    return [(r, entries.get(r.id), results.get(entries[r.id].assessment_id or 0) if r.id in entries else None)
            for r in member.konvoi.rounds]
