"""The hub portal: an analyst reads the published figures, downloads them, and never sees another hub's."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from typing import Any

import pytest
from flask import Flask

from app import aggregates, organisations
from app.extensions import db
from tests.conftest import migrated

from .hubdata import Firm, store_firms
from .people import member, organisation, signed_in

LATER = datetime(2026, 12, 3, tzinfo=timezone.utc)


@pytest.fixture
def portal(make_app: Any, database_config: dict[str, Any]) -> Flask:
    app = migrated(make_app(**database_config))
    organisation(app, "hub-st", "Digital Hub Sachsen-Anhalt")
    organisation(app, "hub-hb", "Hub Bremen")
    member(app, "analyst@st.de", "hub-st", "analyst")
    member(app, "consultant@st.de", "hub-st", "consultant")
    member(app, "analyst@hb.de", "hub-hb", "analyst")
    with app.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        st.states = ["st"]
        hb = organisations.find("hub-hb")
        assert hb is not None
        hb.states = ["hb"]
        firms = [Firm(industry="manufacturing", state="st") for _ in range(14)]
        firms += [Firm(industry="construction", state="st") for _ in range(13)]
        firms += [Firm(industry="=cmd|' /C calc'!A0", state="st") for _ in range(2)]  # a hostile category value
        firms += [Firm(industry="trade", state="hb") for _ in range(12)]  # Bremen's firms, not Saxony-Anhalt's
        store_firms(firms)
        aggregates.close_quarter("2026-Q3", now=LATER)
        db.session.commit()
    return app


def test_an_analyst_reads_the_published_figures_of_a_closed_quarter(portal: Flask) -> None:
    analyst = signed_in(portal, "analyst@st.de")
    assert analyst.get("/hub").location.endswith("/hub/hub-st")
    page = analyst.get("/hub/hub-st?questionnaire=quick-check")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "2026-Q3" in text and "Alle Betriebe in Deutschland" in text
    assert "Verarbeitendes Gewerbe" in text and "Baugewerbe" in text  # the check's own words for industries
    assert "Handel" not in text  # Bremen's firms are not Saxony-Anhalt's
    assert "weniger als die Mindestzahl" in text  # the two firms of a hostile category show nothing
    assert 'id="hub-chart-data"' in text
    assert "In diesem Quartal bisher: weniger als fünf abgeschlossene Checks." in text  # none yet, never "about 0"


def test_the_exports_hold_the_same_figures_escaped_and_suppressed_cells_empty_with_a_flag(portal: Flask) -> None:
    analyst = signed_in(portal, "analyst@st.de")
    got = analyst.get("/hub/hub-st/export.csv?questionnaire=quick-check&quarter=2026Q3&by=industry")
    assert got.status_code == 200 and got.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["industry", "n", "area"] and rows[0][-1] == "suppressed"
    hostile = [r for r in rows[1:] if "calc" in r[0]]
    assert hostile and all(r[0].startswith("'=") for r in hostile)  # never run as a formula
    assert all(r[1] == "" and r[3] == "" and r[-1] for r in hostile)  # empty, with the reason
    built = [r for r in rows[1:] if r[0].startswith("Verarbeitendes Gewerbe") and r[2] == "overall"]
    assert built, rows
    assert built[0][1] == "14" and float(built[0][3]) > 0
    xlsx = analyst.get("/hub/hub-st/export.xlsx?questionnaire=quick-check&quarter=2026Q3&by=industry,size_class")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"  # an Office Open XML file
    from zipfile import ZipFile

    sheet = ZipFile(io.BytesIO(xlsx.data)).read("xl/sharedStrings.xml").decode()
    assert "'=cmd" in sheet and "<f>" not in ZipFile(io.BytesIO(xlsx.data)).read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize(("query", "status"), [
    ("questionnaire=quick-check&quarter=2026Q4", 400),  # running
    ("questionnaire=quick-check&quarter=2031Q1", 400),  # to come
    ("questionnaire=quick-check&quarter=last", 400),
    ("questionnaire=nope", 400),
    ("questionnaire=quick-check&quarter=2025Q1", 404),  # closed, but nothing published
])
def test_bad_requests_get_a_clear_4xx(portal: Flask, query: str, status: int) -> None:
    analyst = signed_in(portal, "analyst@st.de")
    assert analyst.get(f"/hub/hub-st/export.csv?{query}").status_code == status
    assert analyst.get("/hub/hub-st/export.csv?questionnaire=quick-check&by=colour").status_code == 400
    assert analyst.get("/hub/hub-st/export.pdf?questionnaire=quick-check").status_code == 404


def test_only_its_own_analysts_and_admins_read_a_hub(portal: Flask) -> None:
    assert portal.test_client().get("/hub/hub-st").status_code == 302  # to the sign-in
    assert signed_in(portal, "consultant@st.de").get("/hub/hub-st").status_code == 403
    other = signed_in(portal, "analyst@hb.de")
    assert other.get("/hub/hub-st").status_code == 403
    assert other.get("/hub/hub-st/export.csv?questionnaire=quick-check").status_code == 403
    own = other.get("/hub/hub-hb?questionnaire=quick-check").get_data(as_text=True)
    assert "Handel" in own and "Verarbeitendes" not in own


def test_the_summary_pdf_has_the_same_figures_and_a_chart_drawn_without_a_browser(portal: Flask) -> None:
    from pypdf import PdfReader

    analyst = signed_in(portal, "analyst@st.de")
    got = analyst.get("/hub/hub-st/summary.pdf?questionnaire=quick-check&quarter=2026Q3")
    assert got.status_code == 200 and got.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(got.data)).pages)
    assert "Digital Hub Sachsen-Anhalt" in text and "2026-Q3" in text and "Verarbeitendes Gewerbe" in text
    assert "Alle Betriebe in Deutschland" in text and "weniger als die Mindestzahl" in text
    assert "Handel" not in text
    assert analyst.get("/hub/hub-st/summary.pdf?questionnaire=quick-check&quarter=2025Q1").status_code == 404
    assert signed_in(portal, "analyst@hb.de").get("/hub/hub-st/summary.pdf").status_code == 403


def hub_st_with_analyst(make_app: Any, database_config: dict[str, Any]) -> Flask:
    """Saxony-Anhalt's hub, serving the state "st", with one analyst and no firms yet."""
    app = migrated(make_app(**database_config))
    organisation(app, "hub-st", "Digital Hub Sachsen-Anhalt")
    member(app, "analyst@st.de", "hub-st", "analyst")
    with app.app_context():
        st = organisations.find("hub-st")
        assert st is not None
        st.states = ["st"]
        db.session.commit()
    return app


def test_firms_that_took_the_check_again_show_how_far_they_moved_only_as_a_group(make_app: Any,
                                                                                 database_config: dict[str, Any]) -> None:
    app = hub_st_with_analyst(make_app, database_config)
    with app.app_context():
        before = store_firms([Firm(state="st", quarter="2026-Q2", scores={"strategy": 20.0 + i}) for i in range(12)])
        gains = [2, 3, 8, 9, 10, 11, 12, 18, 20, 25, -8, 0]
        store_firms([Firm(state="st", previous_id=b, scores={"strategy": 20.0 + i + g})
                     for i, (b, g) in enumerate(zip(before, gains, strict=True))], seed=5)
        store_firms([Firm(state="st", previous_id=before[0]) for _ in range(3)], seed=6)  # not the strategy's story
        aggregates.close_quarter("2026-Q3", now=LATER)
        db.session.commit()
        st = organisations.find("hub-st")
        stored = aggregates.find(st.id if st else None, "quick-check", "2026-Q3")
        assert stored is not None
        strategy = stored.figures["impact"]["strategy"]
        assert strategy["n"] == 15 and strategy["suppressed"] is None
        assert sum(strategy["bands"].values()) == 15
    page = signed_in(app, "analyst@st.de").get("/hub/hub-st?questionnaire=quick-check").get_data(as_text=True)
    assert "Betriebe, die den Check wiederholt haben" in page and "Median der Veränderung" in page


def test_tables_list_categories_in_the_checks_order_not_the_alphabets(make_app: Any,
                                                                      database_config: dict[str, Any]) -> None:
    app = hub_st_with_analyst(make_app, database_config)
    with app.app_context():
        store_firms([Firm(state="st", size_class=size) for size in ("large", "medium", "micro", "small")
                     for _ in range(11)])
        aggregates.close_quarter("2026-Q3", now=LATER)
        db.session.commit()
    analyst = signed_in(app, "analyst@st.de")
    text = analyst.get("/hub/hub-st?questionnaire=quick-check").get_data(as_text=True)
    table = text[text.index("Nach Größe"):]
    places = [table.index(words) for words in ("1–9 Beschäftigte", "10–49 Beschäftigte", "50–249 Beschäftigte",
                                               "250 und mehr Beschäftigte")]
    assert places == sorted(places)
    got = analyst.get("/hub/hub-st/export.csv?questionnaire=quick-check&quarter=2026Q3&by=size_class&lang=en")
    rows = list(csv.reader(io.StringIO(got.get_data(as_text=True).lstrip("\ufeff"))))
    firsts = list(dict.fromkeys(r[0] for r in rows[1:]))
    assert [name.split()[0] for name in firsts] == ["1–9", "10–49", "50–249", "250"]
