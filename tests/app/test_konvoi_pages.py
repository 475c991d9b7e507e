"""The Konvoi pages as the organiser and member firms use them, and what bad input gets."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import konvois
from app.extensions import db
from app.models import Konvoi, KonvoiEntry, KonvoiMember
from tests.conftest import migrated

from .konvoidata import CASES, finish, join_many, quick_check_konvoi
from .people import member, organisation, signed_in


@pytest.fixture
def site(make_app: Any, database_config: dict[str, Any]) -> Flask:
    app = migrated(make_app(**database_config))
    app.config["KONVOI_ID"] = quick_check_konvoi(app)
    organisation(app, "hub-hb", "Hub Bremen")
    member(app, "berater@hb.de", "hub-hb", "consultant")
    return app


def _join_token(app: Flask) -> str:
    with app.app_context():
        konvoi = db.session.get(Konvoi, app.config["KONVOI_ID"])
        assert konvoi is not None
        return konvoi.join_token


def _join(client: FlaskClient, app: Flask, name: str, **extra: str) -> str:
    token = _join_token(app)
    page = client.get(f"/k/{token}")
    assert page.status_code == 200 and "Dem Konvoi „Konvoi Altmark“ beitreten" in page.get_data(as_text=True)
    joined = client.post(f"/k/{token}", data={"display_name": name, "agree": "y", **extra})
    assert joined.status_code == 303, joined.get_data(as_text=True)[:1500]
    match = re.fullmatch(r"/m/([A-Za-z0-9_-]{32})", joined.headers["Location"])
    assert match
    return match.group(1)


def test_an_organiser_makes_a_konvoi_and_sees_its_board_with_the_join_link(site: Flask) -> None:
    organiser = signed_in(site, "berater@st.de")
    made = organiser.post("/konvois", data={"organisation": "1", "name": "Konvoi Börde", "check": "quick-check",
                                            "language": "de", "first_on": "2027-01-15", "every_months": "3",
                                            "rounds": "4", "open_days": "21"})
    assert made.status_code == 303
    board = organiser.get(made.headers["Location"]).get_data(as_text=True)
    assert "Konvoi Börde" in board and "/k/" in board and "15.01.2027" in board and "15.04.2027" in board
    assert "Konvoi Börde" in organiser.get("/konvois").get_data(as_text=True)
    bad = organiser.post("/konvois", data={"organisation": "1", "name": "", "check": "quick-check", "language": "de",
                                           "first_on": "2027-01-15", "every_months": "3", "rounds": "99",
                                           "open_days": "21"})
    assert bad.status_code == 400 and "Bitte geben Sie dem Konvoi einen Namen." in bad.get_data(as_text=True)
    other = signed_in(site, "berater@hb.de")
    assert other.get(made.headers["Location"]).status_code == 403  # another organisation's Konvoi
    assert "Konvoi Börde" not in other.get("/konvois").get_data(as_text=True)
    assert site.test_client().get("/konvois").status_code == 302  # to the sign-in


def test_a_firm_joins_takes_a_round_and_shares_what_it_chooses(site: Flask) -> None:
    firm = site.test_client()
    key = _join(firm, site, "Bäckerei aus Stendal", email="Info@Baeckerei.example", mail="y")
    own = firm.get(f"/m/{key}")
    assert own.status_code == 200 and "Bäckerei aus Stendal" in own.get_data(as_text=True)
    assert firm.post(f"/m/{key}/rounds/1/check").status_code == 409  # not open yet
    organiser = signed_in(site, "berater@st.de")
    konvoi_id = site.config["KONVOI_ID"]
    assert organiser.post(f"/konvois/{konvoi_id}/rounds/1/open").status_code == 303
    assert organiser.post(f"/konvois/{konvoi_id}/rounds/1/open").status_code == 409
    started = firm.post(f"/m/{key}/rounds/1/check")
    assert started.status_code == 303 and re.fullmatch(r"/a/[A-Za-z0-9_-]{32}", started.headers["Location"])
    again = firm.post(f"/m/{key}/rounds/1/check")
    assert again.headers["Location"] != started.headers["Location"]  # a fresh private link each time
    assert firm.get(started.headers["Location"]).status_code == 404  # the old one stops working
    shared = firm.post(f"/m/{key}/rounds/1/share", data={"sharing": "levels", "done_note": "Umsatz > Vorjahr <b>",
                                                         "next_note": "Shop"})
    assert shared.status_code == 303
    page = firm.get(f"/m/{key}").get_data(as_text=True)
    assert "Umsatz &gt; Vorjahr &lt;b&gt;" in page and "<b>" not in page.split("Umsatz")[1][:40]
    too_long = firm.post(f"/m/{key}/rounds/1/share", data={"sharing": "scores", "done_note": "x" * 1001})
    assert too_long.status_code == 400
    assert firm.post(f"/m/{key}/rounds/9/share", data={"sharing": "scores"}).status_code == 404
    bogus = firm.post(f"/m/{key}/rounds/1/share", data={"sharing": "everything"})
    assert bogus.status_code == 400 and "Wählen Sie, was die Gruppe sehen darf" in bogus.get_data(as_text=True)
    lines = firm.post(f"/m/{key}/rounds/1/share", data={"sharing": "levels", "done_note": "a\r\n" * 400})
    assert lines.status_code == 303  # 800 characters as the browser counts them, not 1200
    with site.app_context():
        stored = db.session.scalars(db.select(KonvoiMember)).one()
        assert stored.email == "info@baeckerei.example" and stored.display_name == "Bäckerei aus Stendal"


def test_wrong_links_get_a_clear_404(site: Flask) -> None:
    visitor = site.test_client()
    wrong = visitor.get("/k/" + "x" * 43)
    assert wrong.status_code == 404 and "Dieser Beitrittslink funktioniert nicht" in wrong.get_data(as_text=True)
    assert visitor.get("/m/" + "y" * 32).status_code == 404
    assert visitor.get("/k/round/not-signed").status_code == 404
    assert visitor.post("/m/" + "y" * 32 + "/rounds/1/share", data={"sharing": "scores"}).status_code == 404


def test_joining_without_agreeing_or_with_a_bad_address_stores_nothing(site: Flask) -> None:
    token = _join_token(site)
    firm = site.test_client()
    assert firm.post(f"/k/{token}", data={"display_name": "Bäckerei"}).status_code == 400  # no agreement
    bad = firm.post(f"/k/{token}", data={"display_name": "Bäckerei", "agree": "y", "email": "kaputt"})
    assert bad.status_code == 400 and "sieht nicht richtig aus" in bad.get_data(as_text=True)
    with site.app_context():
        assert db.session.scalars(db.select(KonvoiMember)).all() == []


def test_the_organiser_downloads_the_round_report_and_a_csv_with_only_what_was_shared(site: Flask) -> None:
    with site.test_request_context():
        konvoi = db.session.get(Konvoi, site.config["KONVOI_ID"])
        assert konvoi is not None
        members = join_many(konvoi, ["=HYPERLINK(\"x\")", "Tischlerei", "Bäckerei"])
        konvois.open_round(konvoi.rounds[0])
        for i, (m, _key) in enumerate(members):
            finish(m, konvoi, 1, CASES[i])
        konvois.share(members[0][0], konvoi.rounds[0], "scores", "", "")
        konvois.share(members[1][0], konvoi.rounds[0], "nothing", "geheim", "")
        db.session.commit()
    organiser = signed_in(site, "berater@st.de")
    konvoi_id = site.config["KONVOI_ID"]
    report = organiser.get(f"/konvois/{konvoi_id}/rounds/1/report.pdf")
    assert report.status_code == 200 and report.data[:4] == b"%PDF"
    assert organiser.get(f"/konvois/{konvoi_id}/rounds/3/report.pdf").status_code == 409  # not held yet
    assert organiser.get(f"/konvois/{konvoi_id}/rounds/9/report.pdf").status_code == 404
    got = organiser.get(f"/konvois/{konvoi_id}/export.csv")
    rows = list(csv.reader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    by_name = {r[0]: r for r in rows[1:] if r[1] == "1"}
    assert "'=HYPERLINK(\"x\")" in by_name  # never run as a formula
    assert "geheim" not in got.get_data(as_text=True)  # what was not shared is not in the file
    assert by_name["Tischlerei"][2] == "ja" and by_name["Tischlerei"][3] == "nichts"
    assert all(cell == "" for cell in by_name["Tischlerei"][4:])
    board = organiser.get(f"/konvois/{konvoi_id}").get_data(as_text=True)
    assert "geheim" not in board and "hat teilgenommen" in board


def test_deleting_a_konvoi_needs_the_box_ticked(site: Flask) -> None:
    organiser = signed_in(site, "berater@st.de")
    konvoi_id = site.config["KONVOI_ID"]
    assert organiser.post(f"/konvois/{konvoi_id}/delete").status_code == 400
    assert organiser.get(f"/konvois/{konvoi_id}").status_code == 200
    assert signed_in(site, "berater@hb.de").post(f"/konvois/{konvoi_id}/delete", data={"confirm": "yes"}).status_code == 403
    gone = organiser.post(f"/konvois/{konvoi_id}/delete", data={"confirm": "yes"})
    assert gone.status_code == 303 and organiser.get(f"/konvois/{konvoi_id}").status_code == 404


def test_a_member_sees_its_progress_from_the_first_round_on_a_radar(site: Flask) -> None:
    with site.test_request_context():
        konvoi = db.session.get(Konvoi, site.config["KONVOI_ID"])
        assert konvoi is not None
        [(m, key)] = join_many(konvoi, ["Bäckerei"])
        konvois.open_round(konvoi.rounds[0])
        finish(m, konvoi, 1, "quick-check-beginner")
        konvois.open_round(konvoi.rounds[1])
        finish(m, konvoi, 2, "quick-check-leader")
        db.session.commit()
    page = site.test_client().get(f"/m/{key}").get_data(as_text=True)
    progress = page[page.index('id="progress-heading"'):page.index('id="own-heading"')]
    assert "<svg" in progress and "Runde 1" in progress and "Runde 2" in progress
    assert "Veränderung von Runde 1 bis Runde 2, in Punkten" in progress
    assert re.search(r"<td>\+\d+,\d</td>", progress)  # the leader answers gained points


def test_a_closed_rounds_check_no_longer_changes(site: Flask) -> None:
    firm = site.test_client()
    key = _join(firm, site, "Bäckerei")
    organiser = signed_in(site, "berater@st.de")
    konvoi_id = site.config["KONVOI_ID"]
    organiser.post(f"/konvois/{konvoi_id}/rounds/1/open")
    check = firm.post(f"/m/{key}/rounds/1/check").headers["Location"]
    organiser.post(f"/konvois/{konvoi_id}/rounds/1/close")
    refused = firm.post(f"{check}/profile", data={"industry": "construction"})
    assert refused.status_code == 409 and "Konvoi-Runde ist geschlossen" in refused.get_data(as_text=True)


def test_a_replaced_join_link_and_a_finished_konvoi_take_nobody_and_private_pages_are_not_cached(site: Flask) -> None:
    old = _join_token(site)
    firm = site.test_client()
    key = _join(firm, site, "Bäckerei")
    own = firm.get(f"/m/{key}")
    assert own.headers["Cache-Control"] == "no-store" and own.headers["X-Robots-Tag"] == "noindex"
    organiser = signed_in(site, "berater@st.de")
    konvoi_id = site.config["KONVOI_ID"]
    assert organiser.post(f"/konvois/{konvoi_id}/join-link").status_code == 303
    assert site.test_client().get(f"/k/{old}").status_code == 404
    assert firm.get(f"/m/{key}").status_code == 200  # members keep their own links
    for number in (1, 2, 3):
        organiser.post(f"/konvois/{konvoi_id}/rounds/{number}/open")
    organiser.post(f"/konvois/{konvoi_id}/rounds/3/close")
    with site.app_context():
        konvoi = db.session.get(Konvoi, konvoi_id)
        assert konvoi is not None and konvoi.closed_at is not None
        assert site.test_client().get(f"/k/{konvoi.join_token}").status_code == 404  # the last round is over
    board = organiser.get(f"/konvois/{konvoi_id}").get_data(as_text=True)
    assert "Niemand kann mehr beitreten" in board
    assert organiser.post(f"/konvois/{konvoi_id}/invite", data={"email": "neu@firma.example"}).status_code == 409


def test_a_blank_name_is_marked_at_the_name_and_names_print_as_written_in_the_report(site: Flask) -> None:
    with site.test_request_context():
        konvoi = db.session.get(Konvoi, site.config["KONVOI_ID"])
        assert konvoi is not None
        konvoi.name = "Müller & Söhne"
        konvois.open_round(konvoi.rounds[0])
        db.session.commit()
        token = konvoi.join_token
    blank = site.test_client().post(f"/k/{token}", data={"display_name": "   ", "agree": "y"})
    assert blank.status_code == 400 and 'id="display_name-error"' in blank.get_data(as_text=True)
    report = signed_in(site, "berater@st.de").get(f"/konvois/{site.config['KONVOI_ID']}/rounds/1/report.pdf")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.data)).pages)
    assert "Müller & Söhne" in text and "&amp;" not in text


def test_the_account_page_leads_a_consultant_to_konvois_and_an_analyst_to_the_hub_portal(site: Flask) -> None:
    member(site, "analyst@st.de", "hub-st", "analyst")
    consultant = signed_in(site, "berater@st.de").get("/account").get_data(as_text=True)
    assert 'href="/konvois"' in consultant and 'href="/workshops"' in consultant and 'href="/hub"' not in consultant
    analyst = signed_in(site, "analyst@st.de").get("/account").get_data(as_text=True)
    assert 'href="/hub"' in analyst and 'href="/konvois"' not in analyst


def test_the_round_mail_link_shows_a_button_so_a_mail_scanner_changes_nothing(site: Flask) -> None:
    with site.test_request_context():
        konvoi = db.session.get(Konvoi, site.config["KONVOI_ID"])
        assert konvoi is not None
        [(m, _key)] = join_many(konvoi, ["Bäckerei"], email=True)
        konvois.open_round(konvoi.rounds[0])
        signed = konvois.round_link(m, konvoi.rounds[0]).rsplit("/", 1)[1]
        db.session.commit()
    firm = site.test_client()
    looked = firm.get(f"/k/round/{signed}")
    assert looked.status_code == 200 and "Check dieser Runde öffnen" in looked.get_data(as_text=True)
    with site.app_context():
        assert db.session.scalars(db.select(KonvoiEntry)).all() == []  # looking made nothing
    opened = firm.post(f"/k/round/{signed}")
    assert opened.status_code == 303 and re.fullmatch(r"/a/[A-Za-z0-9_-]{32}", opened.headers["Location"])
