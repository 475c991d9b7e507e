"""Workshops, first part: a consultant makes one (page or CLI), the room joins by code, the code dies with it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from app import workshops
from app.answering.page_flow import page_questions
from app.extensions import db
from app.models import Assessment, Workshop
from tests.conftest import migrated

from .checkflow import answer_set, form_data, shipped
from .people import signed_in, workshop_people


@pytest.fixture
def site(make_app: Any, database_config: dict[str, Any]) -> Flask:
    return workshop_people(migrated(make_app(**database_config)))


def _hub_a_and_quick_check() -> tuple[Any, Any]:
    """Hub A and the Quick-Check, for a workshop made at service level (inside an app context)."""
    from app import organisations
    from app.content import catalogue

    q, hub = catalogue().get("quick-check"), organisations.find("hub-a")
    assert q is not None and hub is not None
    return hub, q


def _code_on(consultant: Any, projector: str) -> str:
    """The join code as the projector view shows it."""
    found = re.search(r'class="join-code"[^>]*>([A-Z2-9]{6})<', consultant.get(projector).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def _new_workshop(consultant: Any, pace: str = "free") -> tuple[str, str]:
    """A Quick-Check workshop for the firm Holz, made on /workshops: its projector view and join code."""
    projector = consultant.post("/workshops", data={"organisation": "1", "firm": "Holz", "check": "quick-check",
                                                     "language": "de", "pace": pace}).location
    return projector, _code_on(consultant, projector)


def test_the_cli_prints_the_code_and_the_join_url(site: Flask) -> None:
    result = site.test_cli_runner().invoke(args=[
        "workshops", "create", "--organisation", "hub-a", "--owner", "consultant@a.de", "--check", "quick-check",
        "--firm", "Tischlerei Holz"])
    assert result.exit_code == 0, result.output
    code = re.search(r"code: (\S+)", result.output).group(1)  # type: ignore[union-attr]
    assert len(code) == 6 and not set(code) & set("01OIL")
    assert f"join: http://localhost:5000/w/{code}" in result.output
    assert site.test_client().get(f"/w/{code}").status_code == 200
    closed = site.test_cli_runner().invoke(args=["workshops", "close", code.lower()])
    assert closed.exit_code == 0 and "Tischlerei Holz" in closed.output
    assert site.test_client().get(f"/w/{code}").status_code == 404
    assert site.test_cli_runner().invoke(args=["workshops", "close", code]).exit_code == 2
    refused = site.test_cli_runner().invoke(args=[
        "workshops", "create", "--organisation", "hub-a", "--owner", "analyst@a.de", "--check", "quick-check",
        "--firm", "X"])
    assert refused.exit_code == 2 and "no admin or consultant" in refused.output


def test_a_consultant_makes_a_workshop_and_the_room_joins_by_code(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    made = consultant.post("/workshops", data={"organisation": "1", "firm": "Tischlerei Holz", "check": "quick-check",
                                                "language": "de", "pace": "free"})
    assert made.status_code == 303
    projector = consultant.get(made.location)
    page = projector.get_data(as_text=True)
    code = re.search(r'class="join-code"[^>]*>([A-Z2-9]{6})<', page).group(1)  # type: ignore[union-attr]
    assert "<svg" in page and f"/w/{code}" in page and "0 Teilnehmende beigetreten" in page

    phones = [site.test_client() for _ in range(3)]
    notice = phones[0].get(f"/w/{code.lower()}")  # as typed on a phone
    assert notice.status_code == 303 and notice.location.endswith(f"/w/{code}")
    text = phones[0].get(f"/w/{code}").get_data(as_text=True)
    assert "Tischlerei Holz" in text and "30 Tage" in text
    for phone, role in zip(phones, ["Werkstatt", "Büro", ""]):
        joined = phone.post(f"/w/{code}", data={"role": role})
        assert joined.status_code == 303 and re.search(r"/a/[A-Za-z0-9_-]{32}/profile$", joined.location)
    assert "3 Teilnehmende beigetreten" in consultant.get(made.location).get_data(as_text=True)
    with site.app_context():
        rows = db.session.scalars(db.select(Assessment)).all()
        assert len(rows) == 3 and all(r.workshop_id is not None for r in rows)
        assert sorted(r.participant_role or "" for r in rows) == ["", "Büro", "Werkstatt"]
    dashboard = consultant.get(made.location + "/dashboard").get_data(as_text=True)
    assert "Nach Rolle: Büro 1 · Werkstatt 1 · ohne Rolle 1" in dashboard
    assert "Werkstatt" not in consultant.get(made.location).get_data(as_text=True)  # never on the projector

    assert consultant.post(made.location + "/close").status_code == 303
    gone = site.test_client().get(f"/w/{code}")
    assert gone.status_code == 404 and "Kein offener Workshop" in gone.get_data(as_text=True)


def test_other_organisations_and_analysts_never_see_a_workshop(site: Flask) -> None:
    with site.app_context():
        hub, q = _hub_a_and_quick_check()
        made = workshops.create(hub, None, q, "Holz")
        db.session.commit()
        path = f"/workshops/{made.id}"
    assert signed_in(site, "consultant@a.de").get(path).status_code == 200
    assert signed_in(site, "consultant@b.de").get(path).status_code == 403
    assert signed_in(site, "analyst@a.de").get(path).status_code == 403
    assert "Holz" not in signed_in(site, "consultant@b.de").get("/workshops").get_data(as_text=True)
    assert signed_in(site, "consultant@b.de").post(path + "/close").status_code == 403
    assert site.test_client().get(path).status_code == 302
    assert signed_in(site, "consultant@a.de").get("/workshops/999999").status_code == 404


@pytest.mark.parametrize("code", ["ABC", "0O1IL2", "AAAAAAA", "%00", "ÄÖÜ123"])
def test_a_wrong_code_is_a_clear_404(site: Flask, code: str) -> None:
    response = site.test_client().get(f"/w/{code}")
    assert response.status_code == 404 and "Bitte prüfen Sie den Code" in response.get_data(as_text=True)


def test_participants_go_with_the_workshop_30_days_after_it_closed(site: Flask) -> None:
    with site.app_context():
        hub, q = _hub_a_and_quick_check()
        old, recent = workshops.create(hub, None, q, "Alt"), workshops.create(hub, None, q, "Neu")
        for w in (old, recent):
            workshops.join(w, q, None)
            workshops.close(w)
        assert old.closed_at is not None
        old.closed_at = old.closed_at - timedelta(days=workshops.PARTICIPANT_DAYS + 1)
        db.session.commit()
    result = site.test_cli_runner().invoke(args=["assessments", "purge"])
    assert result.exit_code == 0 and "1 workshop participant" in result.output
    with site.app_context():
        left = db.session.scalars(db.select(Assessment)).all()
        assert [a.workshop_id for a in left] == [db.session.scalar(db.select(Workshop.id).where(Workshop.firm_name == "Neu"))]


def test_the_dashboard_shows_where_the_team_disagrees_and_the_room_sees_it_only_when_revealed(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    q = shipped().get("quick-check")
    assert q is not None
    base = answer_set("quick-check-average")
    split = ["none", "ideas", "none", "ideas"]  # the team is split on the strategy question, agrees on the rest
    for n, strategy in enumerate(split):
        phone = site.test_client()
        token = phone.post(f"/w/{code}", data={"role": ""}).location.split("/")[2]
        answers = {**base["answers"], "digital_strategy": strategy}
        for page_id in ["profile", *(p.id for p in q.question_pages)]:
            values = base["profile"] if page_id == "profile" else answers
            assert phone.post(f"/a/{token}/{page_id}", data=form_data("quick-check", page_id, values)).status_code == 303
        if n == 1:  # two answers so far: nothing to read off yet
            early = consultant.get(projector + "/dashboard").get_data(as_text=True)
            assert "Wird angezeigt, sobald mindestens drei" in early
    page = consultant.get(projector + "/dashboard").get_data(as_text=True)
    questions = re.findall(r"<h3>([^<]+)</h3>", page)
    strategy_text = q.question_index["digital_strategy"].text.get("de")
    assert questions[0] == strategy_text  # most disagreement first
    assert "4 Teilnehmende beigetreten · 4 fertig" in page
    hidden = consultant.get(projector).get_data(as_text=True)
    assert strategy_text not in hidden and "bleiben für den Raum verborgen" in hidden
    assert consultant.post(projector + "/reveal").status_code == 303
    assert strategy_text in consultant.get(projector).get_data(as_text=True)


def _team_answers(site: Flask, code: str, strategies: list[str]) -> None:
    """Participants join and answer the whole Quick-Check; they differ only on the strategy question."""
    q = shipped().get("quick-check")
    assert q is not None
    base = answer_set("quick-check-average")
    for strategy in strategies:
        phone = site.test_client()
        token = phone.post(f"/w/{code}", data={"role": ""}).location.split("/")[2]
        answers = {**base["answers"], "digital_strategy": strategy}
        for page_id in ["profile", *(p.id for p in q.question_pages)]:
            values = base["profile"] if page_id == "profile" else answers
            assert phone.post(f"/a/{token}/{page_id}", data=form_data("quick-check", page_id, values)).status_code == 303


def _consensus(consultant: Any, projector: str, strategy: str, notes: dict[str, str] | None = None) -> Any:
    """The consultant walks the pre-filled pages, changing the strategy answer (and writing `notes`:
    question id -> note), and saves with the firm's consent."""
    q = shipped().get("quick-check")
    assert q is not None
    started = consultant.post(projector + "/consensus")
    assert started.status_code == 303 and started.location.endswith("/consensus/profile")
    base = answer_set("quick-check-average")
    prefilled = consultant.get(started.location).get_data(as_text=True)
    assert "mittlere Antwort des Teams" in prefilled
    for page_id in ["profile", *(p.id for p in q.question_pages)]:
        values = base["profile"] if page_id == "profile" else {**base["answers"], "digital_strategy": strategy}
        on_page = {qu.id for qu in page_questions(q, page_id)}
        written = {f"note:{qid}": text for qid, text in (notes or {}).items() if qid in on_page}
        assert consultant.post(f"{projector}/consensus/{page_id}",
                               data={**form_data("quick-check", page_id, values), **written}).status_code == 303
    refused = consultant.post(projector + "/consensus/save", data={})
    assert refused.status_code == 422
    saved = consultant.post(projector + "/consensus/save", data={"stored": "y", "statistics": "y"})
    assert saved.status_code == 303 and saved.location.endswith("/result")
    return consultant.get(saved.location)


def test_the_consensus_is_the_firms_result_and_a_repeat_shows_before_and_after(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    _team_answers(site, code, ["none", "ideas", "ideas"])
    result = _consensus(consultant, projector, "ideas")
    page = result.get_data(as_text=True)
    assert result.status_code == 200 and "Ergebnis des Workshops" in page and "3 Teilnehmenden" in page
    assert "Vorher:" not in page
    pdf = consultant.get(projector + "/result.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf.data)).pages
    first = re.sub(r"\s+", " ", pages[0].extract_text())
    assert "Aus dem Workshop" in first and "Holz, Workshop vom" in first, first[:600]
    assert len(pages) <= 5  # a Quick-Check report stays short
    with site.app_context():
        from app.models import StoredResult

        sources = sorted(r.source for r in db.session.scalars(db.select(StoredResult)))
        assert sources == ["workshop_consensus"] + ["workshop_participant"] * 3
    assert signed_in(site, "consultant@b.de").get(projector + "/result").status_code == 403

    again = consultant.post(projector.split("/workshops/")[0] + "/workshops/" + projector.split("/")[-1] + "/repeat")
    assert again.status_code == 303
    later = again.location
    code = _code_on(consultant, later)
    _team_answers(site, code, ["written", "written", "written"])
    after = _consensus(consultant, later, "written").get_data(as_text=True)
    assert "Vorher:" in after  # the areas show the earlier workshop's scores beside the new ones
def _team_of(site: Flask, firm: str, strategies: list[str], language: str = "de") -> tuple[int, list[str]]:
    """A workshop of hub A made at service level; each participant answers the average case but the strategy."""
    with site.app_context():
        hub, q = _hub_a_and_quick_check()
        made = workshops.create(hub, None, q, firm, language=language)
        db.session.commit()
        workshop_id, code = made.id, made.code
    loaded = shipped().get("quick-check")
    assert loaded is not None
    base = answer_set("quick-check-average")
    tokens = []
    for strategy in strategies:
        phone = site.test_client()
        token = phone.post(f"/w/{code}", data={"role": "Geschäftsführung"}).location.split("/")[2]
        answers = {**base["answers"], "digital_strategy": strategy}
        for page_id in ["profile", *(p.id for p in loaded.question_pages)]:
            values = base["profile"] if page_id == "profile" else answers
            assert phone.post(f"/a/{token}/{page_id}", data=form_data("quick-check", page_id, values)).status_code == 303
        tokens.append(token)
    return workshop_id, tokens


def _csv(site: Flask, workshop_id: int) -> tuple[Any, list[list[str]]]:
    import csv

    response = signed_in(site, "consultant@a.de").get(f"/workshops/{workshop_id}/export.csv")
    assert response.status_code == 200, response.status_code
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark: Excel reads the umlauts
    return response, list(csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_the_csv_export_gives_the_distributions_and_nothing_of_anyone(site: Flask) -> None:

    q = shipped().get("quick-check")
    assert q is not None
    workshop_id, _tokens = _team_of(site, "=HYPERLINK(\"x\") Müller & Söhne", ["none", "ideas", "ideas"])
    response, rows = _csv(site, workshop_id)
    assert response.headers["Content-Type"].startswith("text/csv")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="workshop-hyperlink-x-mueller-soehne-\d{4}-\d\d-\d\d\.csv"', disposition)
    header, body = rows[0], rows[1:]
    assert header[:7] == ["Betrieb", "Datum", "Frage-ID", "Frage", "Bereich", "Antwort", "Anzahl"]
    assert all(r[0] == "'=HYPERLINK(\"x\") Müller & Söhne" for r in body)  # escaped, never a formula
    question = q.question_index["digital_strategy"]
    strategy = {r[5]: r for r in body if r[2] == "digital_strategy"}
    options = {o.id: o.text.get("de") for o in question.options}  # type: ignore[attr-defined]
    assert strategy[options["none"]][6] == "1" and strategy[options["ideas"]][6] == "2"
    assert strategy["weiß nicht"][6] == "0" and strategy["trifft nicht zu"][6] == "0"
    assert strategy[options["ideas"]][3] == question.text.get("de")
    assert all(r[7] and r[8] for r in strategy.values())  # median and disagreement on every row
    assert "Geschäftsführung" not in response.get_data(as_text=True)  # roles never leave the dashboard's counts


def test_the_csv_export_hides_a_question_below_three_answers_and_escapes_cells(site: Flask) -> None:
    from app.workshop.export import safe, slug

    workshop_id, _tokens = _team_of(site, "Holz", ["none", "ideas"], language="en")
    response = signed_in(site, "consultant@a.de").get(f"/workshops/{workshop_id}/export.csv")
    import csv

    rows = list(csv.reader(response.get_data().decode("utf-8-sig").splitlines()))  # English: commas
    assert rows[0][2] == "Question id" and len(rows) > 1
    assert all(r[5] == "hidden: fewer than three answers" and r[6] == "" for r in rows[1:])
    assert [safe(c) for c in ["=1+1", "+49", "-3", "@SUM(A1)", "\tx", "Holz", 3, 12.5, None]] == [
        "'=1+1", "'+49", "'-3", "'@SUM(A1)", "'\tx", "Holz", "3", "12.5", ""]
    assert safe(12.5, ",") == "12,5" and slug("  Café Ölmühle GmbH ") == "cafe-oelmuehle-gmbh" and slug("==") == "firm"


def test_only_the_workshops_own_staff_export_it(site: Flask) -> None:
    workshop_id, _tokens = _team_of(site, "Holz", [])
    path = f"/workshops/{workshop_id}/export.csv"
    assert signed_in(site, "consultant@b.de").get(path).status_code == 403
    assert signed_in(site, "analyst@a.de").get(path).status_code == 403
    assert site.test_client().get(path).status_code == 302
    dashboard = signed_in(site, "consultant@a.de").get(f"/workshops/{workshop_id}/dashboard").get_data(as_text=True)
    assert f'href="{path}"' in dashboard


def test_a_participant_ends_on_the_teams_picture_not_a_result_of_their_own(site: Flask) -> None:

    q = shipped().get("quick-check")
    assert q is not None
    strategy_text = q.question_index["digital_strategy"].text.get("de")
    workshop_id, tokens = _team_of(site, "Holz", ["none", "ideas", "ideas"])
    phone = site.test_client()
    waiting = phone.get(f"/a/{tokens[0]}/results")
    text = waiting.get_data(as_text=True)
    assert waiting.status_code == 200 and "Vielen Dank für Ihre Antworten" in text
    assert strategy_text not in text and 'http-equiv="refresh"' in text  # hidden until the consultant shows them
    consultant = signed_in(site, "consultant@a.de")
    assert consultant.post(f"/workshops/{workshop_id}/reveal").status_code == 303
    text = phone.get(f"/a/{tokens[0]}/results").get_data(as_text=True)
    assert strategy_text in text and "Median" in text and 'http-equiv="refresh"' not in text
    for absent in ("report.pdf", "/share", "/again", "Ihre Ergebnisse", "Geschäftsführung"):
        assert absent not in text, absent


def test_a_participant_below_three_sees_nothing_of_the_others(site: Flask) -> None:

    q = shipped().get("quick-check")
    assert q is not None
    workshop_id, tokens = _team_of(site, "Holz", ["none", "ideas"])
    with site.app_context():
        found = db.session.get(Workshop, workshop_id)
        assert found is not None
        workshops.close(found)  # closed: the picture is shown, but every question has only two answers
        db.session.commit()
    text = site.test_client().get(f"/a/{tokens[1]}/results").get_data(as_text=True)
    assert "Wird angezeigt, sobald mindestens drei" in text and "<meter" not in text
    assert q.question_index["digital_strategy"].text.get("de") in text


def test_a_participant_has_no_report_share_or_second_round_of_their_own(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    phone = site.test_client()
    token = phone.post(f"/w/{code}", data={"role": ""}).location.split("/")[2]
    assert phone.get(f"/a/{token}/report.pdf").status_code == 404
    assert phone.get(f"/a/{token}/again").status_code == 404
    assert phone.post(f"/a/{token}/share", data={"organisation": "hub-a", "agree": "y"}).status_code == 404


def test_notes_to_the_agreed_answers_reach_the_result_and_the_report_and_outlive_the_team(site: Flask) -> None:
    import io

    from pypdf import PdfReader

    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    _team_answers(site, code, ["none", "ideas", "ideas"])
    consultant.post(projector + "/consensus")
    assert 'name="note:' not in consultant.get(projector + "/consensus/profile").get_data(as_text=True)
    first_page = consultant.get(projector + "/consensus/strategy_customers").get_data(as_text=True)
    assert 'name="note:digital_strategy"' in first_page and "Notiz für den Bericht" in first_page
    note = "Strategie gibt es im Kopf des Chefs, aufgeschrieben ist sie nicht."
    page = _consensus(consultant, projector, "ideas", notes={"digital_strategy": note}).get_data(as_text=True)
    assert "Notizen aus dem Workshop" in page and note in page
    pdf = consultant.get(projector + "/result.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "Workshop-Notiz: " + note in text
    with site.app_context():  # the team's answers go; the note stays with the frozen result
        workshop = db.session.scalar(db.select(Workshop).where(Workshop.code == code))
        assert workshop is not None
        workshop.closed_at = workshops.utcnow() - timedelta(days=31)
        db.session.commit()
        assert workshops.purge_participants() == 3
        db.session.commit()
    assert note in consultant.get(projector + "/result").get_data(as_text=True)


def test_a_note_to_another_pages_question_or_too_long_is_refused_and_nothing_is_stored(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    _team_answers(site, code, ["none", "ideas", "ideas"])
    consultant.post(projector + "/consensus")
    base = answer_set("quick-check-average")
    data = form_data("quick-check", "profile", base["profile"])
    wrong = consultant.post(projector + "/consensus/profile", data={**data, "note:digital_strategy": "x"})
    assert wrong.status_code == 400 and "Notiz" in wrong.get_data(as_text=True)
    on_profile = consultant.post(projector + "/consensus/profile",
                                 data={**data, f"note:{next(iter(base['profile']))}": "x"})
    assert on_profile.status_code == 400  # the firm's facts take no notes
    strategy = form_data("quick-check", "strategy_customers", base["answers"])
    too_long = consultant.post(projector + "/consensus/strategy_customers",
                               data={**strategy, "note:digital_strategy": "x" * 501})
    assert too_long.status_code == 400
    with site.app_context():
        workshop = db.session.scalar(db.select(Workshop).where(Workshop.code == code))
        assert workshop is not None and workshop.notes == {}
        consensus = workshops.consensus_of(workshop)
        assert consensus is not None and not {"profile", "strategy_customers"} & set(consensus.pages_done or [])


def test_the_last_consensus_page_goes_on_to_saving_not_to_my_results(site: Flask) -> None:
    q = shipped().get("quick-check")
    assert q is not None
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    _team_answers(site, code, ["none", "ideas", "ideas"])
    consultant.post(projector + "/consensus")
    last = consultant.get(f"{projector}/consensus/{q.question_pages[-1].id}").get_data(as_text=True)
    assert "Speichern und weiter" in last and "Meine Ergebnisse" not in last


def test_the_dashboard_draws_the_teams_radar_with_its_range(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    _team_answers(site, code, ["none", "ideas", "written"])
    page = consultant.get(projector + "/dashboard").get_data(as_text=True)
    assert "Nach Rolle: ohne Rolle 3" in page  # roles only ever as counts
    assert "team-radar" in page and "radar-band" in page  # the shaded range from lowest to highest
    assert "Median des Teams" in page and "vom niedrigsten bis zum höchsten" in page


def _live_version(consultant: Any, projector: str) -> tuple[str, str]:
    """The dashboard's poll address and the version it shows."""
    page = consultant.get(projector + "/dashboard").get_data(as_text=True)
    found = re.search(r'data-live-url="([^"]+)" data-live-version="([^"]+)"', page)
    assert found is not None
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_a_led_room_answers_page_by_page_as_the_consultant_opens_them(site: Flask) -> None:
    """Quick-Check: profile, strategy_customers (open from the start), processes_data, security_people."""
    from tests.app.checkflow import answer_set, form_data

    base = answer_set("quick-check-average")
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant, pace="led")
    shown = consultant.get(projector).get_data(as_text=True)
    assert "Seite 2 von 4 ist geöffnet" in shown and "Nächste Seite öffnen: Abläufe und Daten" in shown
    phone = site.test_client()
    token = phone.post(f"/w/{code}", data={"role": ""}).location.split("/")[2]
    assert phone.post(f"/a/{token}/profile", data=form_data("quick-check", "profile", base["profile"])).status_code == 303
    assert "Strategie und Kunden" in phone.get(f"/a/{token}/strategy_customers").get_data(as_text=True)
    sent = phone.post(f"/a/{token}/strategy_customers", data=form_data("quick-check", "strategy_customers", base["answers"]))
    assert sent.status_code == 303 and sent.location.endswith("/processes_data")  # "Next" leads to the waiting page

    waiting = phone.get(f"/a/{token}/processes_data")
    text = waiting.get_data(as_text=True)
    assert waiting.status_code == 200 and "Die nächste Seite öffnet sich gleich" in text
    assert f'content="5; url=/a/{token}/processes_data"' in text and "Meine Antworten ändern: Strategie und Kunden" in text
    assert 'name="business_software"' not in text  # no question of the page that is not open
    assert phone.get(f"/a/{token}/processes_data/open").get_json() == {"open": False}
    early = phone.post(f"/a/{token}/processes_data", data=form_data("quick-check", "processes_data", base["answers"]))
    assert early.status_code == 409 and "nicht gespeichert" in early.get_data(as_text=True)
    one = phone.post(f"/a/{token}/processes_data/answer", headers={"Accept": "application/json"},
                     data={"question-id": "business_software", "business_software": base["answers"]["business_software"]})
    assert one.status_code == 409 and "noch nicht geöffnet" in one.get_json()["error"]  # the page's script, answer by answer
    with site.app_context():
        stored = db.session.scalars(db.select(Assessment)).one()
        assert "business_software" not in stored.answers and "processes_data" not in stored.pages_done

    url, version = _live_version(consultant, projector)
    assert consultant.get(url, headers={"If-None-Match": f'"{version}"'}).status_code == 304
    opened = consultant.post(projector + "/open-page", data={"page": "processes_data", "view": "dashboard"})
    assert opened.status_code == 303 and opened.location.endswith("/dashboard")
    assert consultant.post(projector + "/open-page", data={"page": "processes_data"}).status_code == 303  # a double click
    assert consultant.post(projector + "/open-page", data={"page": "strategy_customers"}).status_code == 303  # a stale view
    moved = consultant.get(url, headers={"If-None-Match": f'"{version}"'})
    assert moved.status_code == 200 and "0 von 1 sind mit dieser Seite fertig" in moved.get_data(as_text=True)
    assert phone.get(f"/a/{token}/processes_data/open").get_json() == {"open": True}
    assert 'name="business_software"' in phone.get(f"/a/{token}/processes_data").get_data(as_text=True)
    assert phone.post(f"/a/{token}/processes_data",
                      data=form_data("quick-check", "processes_data", base["answers"])).status_code == 303
    assert "Seite 3 von 4 ist geöffnet" in consultant.get(projector).get_data(as_text=True)
    assert phone.get(f"/a/{token}/security_people").status_code == 200  # waiting again: still the waiting page
    assert "Die nächste Seite öffnet sich gleich" in phone.get(f"/a/{token}/security_people").get_data(as_text=True)


def test_a_free_room_a_closed_one_and_other_people_are_never_held_back(site: Flask) -> None:
    consultant = signed_in(site, "consultant@a.de")
    free, free_code = _new_workshop(consultant)
    phone = site.test_client()
    token = phone.post(f"/w/{free_code}", data={"role": ""}).location.split("/")[2]
    assert 'name="business_software"' in phone.get(f"/a/{token}/processes_data").get_data(as_text=True)
    assert phone.get(f"/a/{token}/security_people/open").get_json() == {"open": True}
    refused = consultant.post(free + "/open-page", data={"page": "processes_data"})
    assert refused.status_code == 409 and "eigenen Tempo" in refused.get_data(as_text=True)
    assert "Nächste Seite öffnen" not in consultant.get(free).get_data(as_text=True)

    led, led_code = _new_workshop(consultant, pace="led")
    token = phone.post(f"/w/{led_code}", data={"role": ""}).location.split("/")[2]
    assert consultant.post(led + "/open-page", data={"page": "nonsense"}).status_code == 400
    assert consultant.post(led + "/open-page", data={"page": "profile"}).status_code == 400
    assert signed_in(site, "consultant@b.de").post(led + "/open-page", data={"page": "processes_data"}).status_code == 403
    assert signed_in(site, "analyst@a.de").post(led + "/open-page", data={"page": "processes_data"}).status_code == 403
    assert site.test_client().post(led + "/open-page", data={"page": "processes_data"}).status_code == 401
    assert consultant.post(led + "/close").status_code == 303
    closed = consultant.post(led + "/open-page", data={"page": "processes_data"})
    assert closed.status_code == 409 and "geschlossen" in closed.get_data(as_text=True)
    assert 'name="business_software"' in phone.get(f"/a/{token}/processes_data").get_data(as_text=True)  # no one leads now
    with site.app_context():
        assert db.session.scalars(db.select(Workshop.opened_page)).all() == [None, None]
    assert site.test_client().get(f"/a/{'x' * 32}/profile/open").status_code == 404
    assert phone.get(f"/a/{token}/results/open").status_code == 404
    with site.app_context():  # the service: the next page, then none left
        from app.content import catalogue

        q, workshop = catalogue().get("quick-check"), db.session.scalars(db.select(Workshop)).first()
        assert q is not None and workshop is not None and workshop.pace == "free"
        workshop.pace, workshop.closed_at = "led", None
        assert workshops.open_next_page(workshop, q) == "processes_data"
        assert workshops.open_next_page(workshop, q) == "security_people"
        with pytest.raises(workshops.WorkshopError, match="last"):
            workshops.open_next_page(workshop, q)
        db.session.rollback()


def test_the_consultant_gives_the_firms_profile_once_and_the_team_starts_with_the_questions(site: Flask) -> None:
    q = shipped().get("quick-check")
    assert q is not None
    consultant = signed_in(site, "consultant@a.de")
    projector, code = _new_workshop(consultant)
    early = site.test_client().post(f"/w/{code}", data={"role": ""})
    assert early.location.endswith("/profile")  # joined before the profile was given: answers it
    assert "Betriebsprofil angeben" in consultant.get(projector).get_data(as_text=True)
    page = consultant.get(projector + "/profile").get_data(as_text=True)
    assert "einmal für das ganze Team" in page and 'name="industry"' in page
    base = answer_set("quick-check-average")
    incomplete = consultant.post(projector + "/profile", data={})
    assert incomplete.status_code == 422
    with site.app_context():
        stored = db.session.scalar(db.select(Workshop).where(Workshop.code == code))
        assert stored is not None and stored.profile == {}  # nothing half-stored
    tampered = consultant.post(projector + "/profile",
                               data={**form_data("quick-check", "profile", base["profile"]), "industry": "casino"})
    assert tampered.status_code in (400, 422)
    saved = consultant.post(projector + "/profile", data=form_data("quick-check", "profile", base["profile"]))
    assert saved.status_code == 303 and saved.location.endswith(projector)
    assert "Betriebsprofil ✓" in consultant.get(projector).get_data(as_text=True)
    later = site.test_client().post(f"/w/{code}", data={"role": ""})
    assert later.location.endswith("/" + q.question_pages[0].id)  # straight to the questions
    assert signed_in(site, "analyst@a.de").get(projector + "/profile").status_code == 403
    assert signed_in(site, "consultant@b.de").post(projector + "/profile", data={}).status_code == 403
    with site.app_context():
        stored = db.session.scalar(db.select(Workshop).where(Workshop.code == code))
        assert stored is not None and stored.profile == base["profile"]
