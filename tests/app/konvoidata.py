"""A Konvoi with members made through the service layer, and their checks completed without the pages."""

from __future__ import annotations

from datetime import date

from flask import Flask

from app import assessments, konvois, organisations
from app.answering import pages
from app.extensions import db
from app.models import Assessment, Konvoi, KonvoiMember
from tests.app.checkflow import answer_set, shipped

from .people import member, organisation

CASES = ("quick-check-beginner", "quick-check-average", "quick-check-leader", "quick-check-plumber-76")


def quick_check_konvoi(app: Flask, name: str = "Konvoi Altmark") -> int:
    """Saxony-Anhalt's hub with a consultant (berater@st.de) and a Konvoi of three quarterly rounds: its id."""
    organisation(app, "hub-st", "Digital Hub Sachsen-Anhalt")
    member(app, "berater@st.de", "hub-st", "consultant")
    with app.app_context():
        hub = organisations.find("hub-st")
        q = shipped().get("quick-check")
        assert hub is not None and q is not None
        made = konvois.create(hub, None, q, name, first_on=date(2026, 9, 1), every_months=3, rounds=3)
        db.session.commit()
        return made.id


def join_many(konvoi: Konvoi, names: list[str], *, email: bool = False) -> list[tuple[KonvoiMember, str]]:
    return [konvois.join(konvoi, konvoi.join_token, n, f"{i}@firma.example" if email else "", mail_consent=email,
                         statistics=True) for i, n in enumerate(names)]


def finish(member_: KonvoiMember, konvoi: Konvoi, number: int, case: str) -> Assessment:
    """Take round `number`'s check with a golden answer set, through the service (no pages)."""
    q = shipped().get(konvoi.questionnaire_id, konvoi.questionnaire_version)
    assert q is not None
    r = konvoi.rounds[number - 1]
    token = konvois.open_check(member_, r, q)
    checked = assessments.find(token)
    assert checked is not None
    answers = answer_set(case)
    assessments.save(checked, profile=checked.profile or answers["profile"], answers=answers["answers"])
    for page in pages(q):
        assessments.mark_page_done(checked, page, pages(q))
    assert checked.completed_at is not None
    return checked
