"""Konvois through the service layer: rounds, joining, round mail, sharing, group figures, leaving."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from flask import Flask

from app import konvoi_board, konvois, outbox
from app.answering import PROFILE
from app.extensions import db
from app.konvois import KonvoiError
from app.models import Assessment, Konvoi, KonvoiEntry, KonvoiInvitation, KonvoiMember, OutgoingMail, StoredResult
from tests.conftest import migrated

from .konvoidata import CASES, finish, join_many, quick_check_konvoi

SEPTEMBER = datetime(2026, 9, 1, 8, tzinfo=timezone.utc)


@pytest.fixture
def site(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return migrated(make_app(DIGICHECK_BASE_URL="https://check.example.de", **database_config))


def _konvoi(app: Flask) -> Konvoi:
    found = db.session.get(Konvoi, quick_check_konvoi(app))
    assert found is not None
    return found


def test_a_konvoi_pins_its_check_and_plans_its_rounds(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        assert konvoi.questionnaire_id == "quick-check" and konvoi.questionnaire_version
        assert [(r.number, r.planned_on) for r in konvoi.rounds] == [
            (1, date(2026, 9, 1)), (2, date(2026, 12, 1)), (3, date(2027, 3, 1))]
        assert all(r.closes_on == r.planned_on + timedelta(days=21) for r in konvoi.rounds)


@pytest.mark.parametrize(("name", "email", "consent", "message"), [
    ("", "", False, "Namen für die Gruppe"),
    ("x" * 81, "", False, "höchstens 80 Zeichen"),
    ("Bäckerei", "not-an-address", True, "sieht nicht richtig aus"),
    ("Bäckerei", "b@firma.example", False, "stimmen Sie bitte zu"),
])
def test_joining_needs_a_name_and_consent_for_an_address(site: Flask, name: str, email: str, consent: bool,
                                                         message: str) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        with pytest.raises(KonvoiError, match=message):
            konvoi_member = konvois.join(konvoi, konvoi.join_token, name, email, mail_consent=consent, statistics=False)
            del konvoi_member
        assert konvois.find_to_join("wrong-token-of-twenty-chars") is None


def test_opening_a_round_queues_a_mail_with_a_link_that_works_only_while_it_is_open(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        (with_mail, token), (without, _t) = join_many(konvoi, ["Bäckerei aus Stendal"], email=True)[0], \
            join_many(konvoi, ["Tischlerei"])[0]
        assert konvois.find_member(token) is with_mail and with_mail.token_hash != token
        first = konvoi.rounds[0]
        assert konvois.open_round(first, now=SEPTEMBER) == 1
        db.session.commit()
        queued = db.session.scalars(db.select(OutgoingMail)).one()
        assert queued.recipient == "0@firma.example" and queued.konvoi_member_id == with_mail.id
        assert "Runde 1" in queued.subject and "Bäckerei aus Stendal" in queued.body
        link = next(line for line in queued.body.splitlines() if line.startswith("https://check.example.de/"))
        signed = link.rsplit("/", 1)[1]
        assert konvois.from_round_link(signed) == (with_mail, first)
        assert konvois.from_round_link(signed[:-2] + "xx") is None  # tampered
        konvois.close_round(first, now=SEPTEMBER + timedelta(days=2))
        assert konvois.from_round_link(signed) is None  # the round is over: the mail's link with it
        with pytest.raises(KonvoiError):
            konvois.open_round(first)
        assert without.email is None


def test_the_group_sees_only_what_each_member_shared_and_a_median_only_from_five(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        members = join_many(konvoi, [f"Firma {i}" for i in range(6)])
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        for i, (m, _token) in enumerate(members):
            finish(m, konvoi, 1, CASES[i % len(CASES)])
        choices = ["scores", "scores", "scores", "scores", "levels", "nothing"]
        for (m, _token), choice in zip(members, choices, strict=True):
            konvois.share(m, konvoi.rounds[0], choice, "Rechnungen digital" if choice != "nothing" else "geheim",
                          "Umsatz > Vorjahr")
        db.session.commit()
        areas = ["strategy", "customers"]
        view = konvoi_board.board(konvoi, areas)
        first = view.rounds[0]
        assert (first.took_part, first.sharing_points, first.group) == (6, 4, None)  # four shared points: no median
        shown = {m.display_name: rounds[0] for m, rounds in view.members}
        assert shown["Firma 5"].took_part and shown["Firma 5"].figures is None and shown["Firma 5"].done_note == ""
        assert shown["Firma 4"].figures is not None and shown["Firma 4"].figures.scores == {}  # levels, no points
        assert shown["Firma 4"].figures.levels["strategy"]
        assert shown["Firma 0"].figures is not None and shown["Firma 0"].figures.scores["_overall"] is not None
        assert shown["Firma 0"].next_note == "Umsatz > Vorjahr"  # stored as written; pages escape it
        konvois.share(members[4][0], konvoi.rounds[0], "scores", "", "")  # a fifth changes its mind later
        db.session.commit()
        group = konvoi_board.board(konvoi, areas).rounds[0].group
        shared = [db.session.get(StoredResult, e.assessment_id).score  # type: ignore[union-attr]
                  for e in db.session.scalars(db.select(KonvoiEntry).where(KonvoiEntry.sharing == "scores"))]
        assert group is not None and len(shared) == 5
        assert group["_overall"] == pytest.approx(sorted(shared)[2], abs=0.05)  # the middle one of five


def test_the_second_round_starts_at_the_questions_and_links_to_the_first(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        [(m, _token)] = join_many(konvoi, ["Bäckerei"])
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        first = finish(m, konvoi, 1, "quick-check-average")
        konvois.open_round(konvoi.rounds[1], now=SEPTEMBER + timedelta(days=91))
        assert konvoi.rounds[0].closed_at is not None  # one round at a time
        second = finish(m, konvoi, 2, "quick-check-leader")
        assert second.previous_id == first.id and second.profile == first.profile
        assert second.pages_done[0] == PROFILE and second.konvoi_round_id == konvoi.rounds[1].id
        db.session.commit()
        stored = db.session.get(StoredResult, second.id)
        assert stored is not None and stored.source == "konvoi_round" and stored.previous_id == first.id
        own = konvoi_board.own_rounds(m)
        assert [r.number for r, _e, figures in own if figures] == [1, 2]


def test_leaving_takes_the_membership_its_notes_and_mail_and_keeps_checks_only_with_consent(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        stays, _t = konvois.join(konvoi, konvoi.join_token, "Statistik ja", "", mail_consent=False, statistics=True)
        goes, _t2 = konvois.join(konvoi, konvoi.join_token, "Statistik nein", "n@firma.example", mail_consent=True,
                                 statistics=False)
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        kept = finish(stays, konvoi, 1, "quick-check-average").id
        dropped = finish(goes, konvoi, 1, "quick-check-beginner").id
        konvois.share(goes, konvoi.rounds[0], "scores", "Notiz", "")
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(OutgoingMail)) == 1
        konvois.leave(goes)
        konvois.leave(stays)
        db.session.commit()
        assert db.session.scalars(db.select(KonvoiMember)).all() == []
        assert db.session.scalars(db.select(KonvoiEntry)).all() == []
        assert db.session.scalars(db.select(OutgoingMail)).all() == []  # its round mail never goes out
        assert db.session.get(Assessment, dropped) is None
        assert db.session.get(Assessment, kept) is not None  # anonymous statistics only: nothing links it to a name


def test_the_calendar_opens_reminds_and_closes_rounds(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        join_many(konvoi, ["Bäckerei", "Tischlerei"], email=True)
        db.session.commit()
        assert konvois.tick(now=SEPTEMBER - timedelta(days=1)) == konvois.Tick(0, 0, 0)
        assert konvois.tick(now=SEPTEMBER) == konvois.Tick(1, 0, 0)
        assert konvois.tick(now=SEPTEMBER + timedelta(days=18)) == konvois.Tick(0, 1, 0)  # three days before the end
        assert konvois.tick(now=SEPTEMBER + timedelta(days=19)) == konvois.Tick(0, 0, 0)  # reminded once only
        assert konvois.tick(now=SEPTEMBER + timedelta(days=21)) == konvois.Tick(0, 0, 0)  # open through its last day
        assert konvois.tick(now=SEPTEMBER + timedelta(days=22)) == konvois.Tick(0, 0, 1)
        assert db.session.scalars(db.select(OutgoingMail)).all() == []  # unsent round mail went with the round
        assert outbox.wait_after(1) == timedelta(minutes=5)


def test_notes_and_sharing_are_checked_and_unused_invitations_expire(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        [(m, _token)] = join_many(konvoi, ["Bäckerei"])
        with pytest.raises(KonvoiError):
            konvois.share(m, konvoi.rounds[0], "scores", "", "")  # not opened yet
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        with pytest.raises(KonvoiError, match="höchstens 1000 Zeichen"):
            konvois.share(m, konvoi.rounds[0], "scores", "x" * 1001, "")
        with pytest.raises(KonvoiError):
            konvois.share(m, konvoi.rounds[0], "everything", "", "")
        konvois.invite(konvoi, "neu@firma.example")
        db.session.commit()
        invitation = db.session.scalars(db.select(KonvoiInvitation)).one()
        mail = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.purpose == "konvoi_invitation")).one()
        secret = mail.body.split("/k/")[1].split()[0]
        assert konvois.find_to_join(secret) is konvoi
        assert konvois.purge_invitations() == 0
        invitation.created_at = datetime.now(timezone.utc) - timedelta(days=31)
        db.session.commit()
        assert konvois.find_to_join(secret) is None
        assert konvois.purge_invitations() == 1


def test_deleting_a_konvoi_is_every_member_leaving(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        [(stays, _t), (goes, _t2)] = join_many(konvoi, ["Statistik ja", "Statistik nein"])
        goes.consent_statistics = False
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        kept, dropped = finish(stays, konvoi, 1, "quick-check-average").id, finish(goes, konvoi, 1, "quick-check-leader").id
        konvois.invite(konvoi, "neu@firma.example")
        db.session.commit()
        konvois.remove(konvoi)
        db.session.commit()
        assert db.session.scalars(db.select(Konvoi)).all() == [] and db.session.scalars(db.select(KonvoiMember)).all() == []
        assert db.session.scalars(db.select(KonvoiInvitation)).all() == []
        assert db.session.get(Assessment, dropped) is None and db.session.get(Assessment, kept) is not None


def test_the_daily_command_opens_the_round_whose_day_has_come(site: Flask) -> None:
    with site.test_request_context():
        konvoi = _konvoi(site)
        for r in konvoi.rounds:  # round 1 from last week, round 2 today: after days without the command
            r.planned_on = date.today() + timedelta(days=7 * (r.number - 2))
            r.closes_on = r.planned_on + timedelta(days=21)
        db.session.commit()
    done = site.test_cli_runner().invoke(args=["konvois", "tick"])
    assert done.exit_code == 0 and "1 round(s) opened, 0 reminded, 0 closed" in done.output
    with site.test_request_context():
        konvoi = db.session.get(Konvoi, 1)
        assert konvoi is not None and [r.opened_at is not None for r in konvoi.rounds] == [False, True, False]
        assert [v.skipped for v in konvoi_board.board(konvoi, []).rounds] == [True, False, False]
        with pytest.raises(KonvoiError, match="übersprungen|ausgelassen"):
            konvois.open_round(konvoi.rounds[0])
    again = site.test_cli_runner().invoke(args=["konvois", "tick"])
    assert "0 round(s) opened" in again.output


def test_review_findings_links_addresses_overlaps_and_closed_rounds(site: Flask) -> None:
    from tests.app.checkflow import shipped

    with site.test_request_context():
        konvoi = _konvoi(site)
        with pytest.raises(KonvoiError):  # open for longer than the gap: rounds would overlap
            konvois.create(konvoi.organisation, None, shipped().get("quick-check"), "Zu lang",  # type: ignore[arg-type]
                           first_on=date(2027, 1, 1), every_months=1, rounds=2, open_days=40)
        with pytest.raises(KonvoiError):  # a mail server may not take an address with umlauts
            konvois.join(konvoi, konvoi.join_token, "Bäckerei", "müller@bäckerei.de", mail_consent=True,
                         statistics=False)
        [(left, _key)] = join_many(konvoi, ["Bäckerei"], email=True)
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        old_link = konvois.round_link(left, konvoi.rounds[0]).rsplit("/", 1)[1]
        konvois.leave(left)
        db.session.commit()
        [(newcomer, _key2)] = join_many(konvoi, ["Tischlerei"])
        db.session.commit()
        assert konvois.from_round_link(old_link) is None  # not the newcomer's check, whatever its id
        checked = finish(newcomer, konvoi, 1, "quick-check-average")
        konvois.close_round(konvoi.rounds[0], now=SEPTEMBER + timedelta(days=5))
        db.session.commit()
        assert konvois.round_closed(checked.konvoi_round_id or 0)


def test_deleting_the_organisation_takes_its_konvois_as_if_every_member_left(site: Flask) -> None:
    from app import organisations

    with site.test_request_context():
        konvoi = _konvoi(site)
        [(m, _key)] = join_many(konvoi, ["Statistik nein"])
        m.consent_statistics = False
        konvois.open_round(konvoi.rounds[0], now=SEPTEMBER)
        checked = finish(m, konvoi, 1, "quick-check-average").id
        db.session.commit()
        organisations.delete(konvoi.organisation)
        db.session.commit()
        assert db.session.get(Assessment, checked) is None
