"""An organisation at work: its start page, a firm that shares its result, the consultant who reads it,
and nobody else: not another organisation's consultant, not its own analyst, not after the firm takes it back."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask

from app.extensions import db
from questionnaires import load_catalogue
from app.models import Assessment, AuditEvent, StoredResult
from tests.app.checkflow import answer_set, form_data
from tests.conftest import migrated

from .people import member, organisation, signed_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def site(make_app: Any, database_config: dict[str, Any]) -> Flask:
    app = migrated(make_app(**database_config))
    organisation(app, "hub-a", "Digital Hub Anhalt")
    organisation(app, "hub-b", "Hub Bremen")
    member(app, "admin@a.de", "hub-a", "admin")
    member(app, "consultant@a.de", "hub-a", "consultant")
    member(app, "analyst@a.de", "hub-a", "analyst")
    member(app, "consultant@b.de", "hub-b", "consultant")
    return app


def _finish_through(client: Any, slug: str, case: str = "quick-check-average") -> str:
    """A firm takes the Quick-Check from the start page /e/<slug>; returns its private token."""
    answers = answer_set(case)
    page = client.get(f"/e/{slug}").get_data(as_text=True)
    start = re.search(r'href="(/check/quick-check\?via=[^"]+)"', page)
    assert start is not None, "the start page offers the Quick-Check"
    consent = client.get(start.group(1)).get_data(as_text=True)
    assert "Digital Hub Anhalt" in consent and "weder Ihre Antworten noch Ihre Ergebnisse" in consent
    response = client.post(start.group(1).split("?")[0], data={"agree": "y", "via": slug})
    token = response.headers["Location"].split("/")[2]
    q = load_catalogue().get("quick-check")
    assert q is not None
    for page_id in ["profile", *(p.id for p in q.question_pages)]:
        values = answers["profile"] if page_id == "profile" else answers["answers"]
        client.post(f"/a/{token}/{page_id}", data=form_data("quick-check", page_id, values))
    return token


def test_a_firm_shares_through_the_start_page_and_only_the_right_consultant_reads_it(site: Flask) -> None:
    admin = signed_in(site, "admin@a.de")
    made = admin.post("/org/hub-a/links", data={"slug": "anhalt", "questionnaires": ["quick-check"]})
    assert made.status_code == 303
    assert admin.post("/org/hub-a/logo", data={"logo": (io.BytesIO(PNG), "logo.png")},
                      content_type="multipart/form-data").status_code == 303

    firm = site.test_client()
    token = _finish_through(firm, "anhalt")
    assert firm.get("/e/anhalt/logo").headers["Content-Type"] == "image/png"
    with site.app_context():
        stored = db.session.scalar(db.select(StoredResult))
        assert stored is not None and stored.source == "entry_link" and stored.organisation_id is not None

    results = firm.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Digital Hub Anhalt" in results and "Ergebnis teilen" in results
    refused = firm.post(f"/a/{token}/share", data={"organisation": "hub-a"})  # box not ticked
    assert refused.status_code == 303 and "Bitte setzen Sie das Häkchen" in firm.get(refused.location).get_data(as_text=True)
    assert firm.post(f"/a/{token}/share", data={"organisation": "hub-b", "agree": "y"}).status_code == 400
    shared = firm.post(f"/a/{token}/share", data={"organisation": "hub-a", "agree": "y",
                                                  "contact_name": "Tischlerei Holz", "contact": "0391 123456"})
    assert shared.status_code == 303

    consultant = signed_in(site, "consultant@a.de")
    overview = consultant.get("/org/hub-a").get_data(as_text=True)
    link = re.search(r'href="(/org/hub-a/shared/(\d+))"', overview)
    assert link is not None and "Tischlerei Holz" in overview
    view = consultant.get(link.group(1))
    page = view.get_data(as_text=True)
    assert view.status_code == 200 and "Geteiltes Ergebnis" in page and "0391 123456" in page
    assert "Ihr privater Link" not in page and token not in page  # the firm's key is never shown
    pdf = consultant.get(link.group(1) + "/report.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    # nobody else: another organisation's consultant (by URL guessing), its own analyst, an operator
    share_id = link.group(2)
    other = signed_in(site, "consultant@b.de")
    assert other.get(link.group(1)).status_code == 403
    assert other.get(f"/org/hub-b/shared/{share_id}").status_code == 404
    assert signed_in(site, "analyst@a.de").get(link.group(1)).status_code == 403
    with site.app_context():
        events = {e.event for e in db.session.scalars(db.select(AuditEvent))}
    assert {"result_shared", "shared_result_opened", "entry_link_created", "logo_changed"} <= events

    # the firm takes it back: gone at once
    assert firm.post(f"/a/{token}/share/hub-a/revoke").status_code == 303
    assert consultant.get(link.group(1)).status_code == 404
    assert "Tischlerei Holz" not in consultant.get("/org/hub-a").get_data(as_text=True)


def test_deleting_the_check_deletes_what_was_shared(site: Flask) -> None:
    admin = signed_in(site, "admin@a.de")
    admin.post("/org/hub-a/links", data={"slug": "anhalt", "questionnaires": ["quick-check"]})
    firm = site.test_client()
    token = _finish_through(firm, "anhalt")
    firm.post(f"/a/{token}/share", data={"organisation": "hub-a", "agree": "y", "contact_name": "Holz"})
    firm.post(f"/a/{token}/delete")
    with site.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Assessment)) == 0
    assert "Holz" not in signed_in(site, "consultant@a.de").get("/org/hub-a").get_data(as_text=True)


def test_a_logo_must_be_a_small_png_jpeg_or_webp(site: Flask) -> None:
    admin = signed_in(site, "admin@a.de")
    for upload, status in [(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", 415),
                           (PNG + b"\x00" * (200 * 1024), 413), (b"GIF89a" + b"\x00" * 20, 415),
                           (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 20, 303)]:
        response = admin.post("/org/hub-a/logo", data={"logo": (io.BytesIO(upload), "logo.svg")},
                              content_type="multipart/form-data")
        assert response.status_code == status, upload[:12]


def test_an_admin_invites_changes_roles_and_removes_members_of_their_own_organisation_only(site: Flask) -> None:
    admin = signed_in(site, "admin@a.de")
    page = admin.post("/org/hub-a/invite", data={"email": "neu@a.de", "role": "analyst"})
    assert page.status_code == 200 and "/invite/" in page.get_data(as_text=True)
    assert "Es wurde keine Mail versandt" in page.get_data(as_text=True)
    overview = admin.get("/org/hub-a").get_data(as_text=True)
    ids = dict(re.findall(r'action="/org/hub-a/members/(\d+)"[^<]*<[^<]*<label[^>]*>Rolle von ([^<]+)<', overview))
    consultant_id = next(i for i, email in ids.items() if email == "consultant@a.de")
    assert admin.post(f"/org/hub-a/members/{consultant_id}", data={"action": "role", "role": "admin"}).status_code == 303
    assert admin.post(f"/org/hub-a/members/{consultant_id}", data={"action": "remove"}).status_code == 303
    assert signed_in(site, "consultant@a.de").get("/org/hub-a").status_code == 403
    # hub-b's admin pages and members are out of reach
    assert admin.post("/org/hub-b/invite", data={"email": "x@b.de", "role": "admin"}).status_code == 403
    assert signed_in(site, "consultant@a.de").post("/org/hub-a/invite", data={"email": "x@a.de"}).status_code == 403


def test_a_start_page_that_is_switched_off_or_does_not_offer_the_check_is_not_found(site: Flask) -> None:
    admin = signed_in(site, "admin@a.de")
    admin.post("/org/hub-a/links", data={"slug": "anhalt", "questionnaires": ["quick-check"]})
    client = site.test_client()
    assert client.get("/check/kmu-check?via=anhalt").status_code == 404
    assert client.post("/check/kmu-check", data={"agree": "y", "via": "anhalt"}).status_code == 404
    assert admin.post("/org/hub-a/links", data={"slug": "anhalt", "questionnaires": ["quick-check"]}).status_code == 409
    overview = admin.get("/org/hub-a").get_data(as_text=True)
    link_id = re.search(r'action="/org/hub-a/links/(\d+)/off"', overview).group(1)  # type: ignore[union-attr]
    admin.post(f"/org/hub-a/links/{link_id}/off")
    assert client.get("/e/anhalt").status_code == 404


def test_a_firm_may_share_with_an_organisation_that_runs_a_centre_matched_to_it(site: Flask) -> None:
    """No start page needed: the organisation behind one of the centres on the results page is offered."""
    from app import organisations
    from app.content import content
    from scoring import evaluate
    from tests.app.checkflow import complete

    firm = site.test_client()
    token = complete(firm, "quick-check-average")
    answers = answer_set("quick-check-average")
    with site.app_context():
        q = load_catalogue().get("quick-check")
        assert q is not None
        data = content()
        matched = evaluate(q, answers["answers"], answers["profile"], data.centres, data.regions).centres
        organisations.create("centre-team", "Team of the first centre", "mdz", centre_id=matched[0].centre.id)
        db.session.commit()
    page = firm.get(f"/a/{token}/results").get_data(as_text=True)
    assert "Team of the first centre" in page and "Digital Hub Anhalt" not in page
    assert firm.post(f"/a/{token}/share", data={"organisation": "centre-team", "agree": "y"}).status_code == 303
    assert firm.post(f"/a/{token}/share", data={"organisation": "hub-a", "agree": "y"}).status_code == 400


def test_an_organisation_names_only_a_centre_of_the_catalogue(make_app: Any) -> None:
    runner = migrated(make_app()).test_cli_runner()
    refused = runner.invoke(args=["organisations", "create", "x-hub", "--name", "X", "--kind", "mdz", "--centre", "nowhere"])
    assert refused.exit_code == 2 and "no centre 'nowhere'" in refused.output
    made = runner.invoke(args=["organisations", "create", "md-team", "--name", "MDZ Magdeburg", "--kind", "mdz",
                               "--centre", "mdz_magdeburg"])
    assert made.exit_code == 0


def test_an_admin_invitation_from_the_web_goes_out_by_mail_when_smtp_is_set(make_app: Any, monkeypatch: Any) -> None:
    from tests.mailserver import smtp_server

    with smtp_server() as (inbox, settings):
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        app = migrated(make_app())
        organisation(app, "hub-a", "Digital Hub Anhalt")
        member(app, "admin@a.de", "hub-a", "admin")
        response = signed_in(app, "admin@a.de").post("/org/hub-a/invite", data={"email": "Neu@A.de", "role": "consultant"})
        assert response.status_code == 303
        assert len(inbox.messages) == 1 and inbox.messages[0]["To"] == "neu@a.de"
        assert "http://localhost/invite/" in inbox.text(inbox.messages[0])
