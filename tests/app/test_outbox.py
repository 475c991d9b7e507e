"""The outbox: pages queue mail, `digicheck mail send-due` sends it to a real SMTP server, a refusal loses nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from app import outbox
from app.extensions import db
from app.models import OutgoingMail, utcnow
from tests.conftest import migrated
from tests.mailserver import free_port, settings, smtp_server


def _app(make_app: Any, database_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch, port: int) -> Flask:
    for name, value in settings(port).items():
        monkeypatch.setenv(name, value)
    return migrated(make_app(**database_config))


def test_queued_mail_is_sent_by_the_command_and_then_kept_nowhere(make_app: Any, database_config: dict[str, Any],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as (inbox, smtp):
        app = _app(make_app, database_config, monkeypatch, int(smtp["DIGICHECK_SMTP_PORT"]))
        with app.app_context():
            outbox.enqueue("firma@example.de", "Runde 2 ist offen", "Hallo,\nRunde 2 …", purpose="konvoi_round")
            outbox.enqueue("later@example.de", "Erinnerung", "Bald", purpose="konvoi_reminder",
                           not_before=utcnow() + timedelta(days=3))
            db.session.commit()
        done = app.test_cli_runner().invoke(args=["mail", "send-due"])
        assert done.exit_code == 0, done.output
        assert "1 sent, 0 failed (tried again later), 1 waiting" in done.output
        assert [m["To"] for m in inbox.messages] == ["firma@example.de"]
        assert inbox.text(inbox.messages[0]).replace("\r\n", "\n").startswith("Hallo,\nRunde 2 …")
        with app.app_context():
            assert [m.recipient for m in db.session.scalars(db.select(OutgoingMail))] == ["later@example.de"]
        status = app.test_cli_runner().invoke(args=["mail", "status"])
        assert "konvoi_reminder: 1 waiting, 0 failed at least once" in status.output
        again = app.test_cli_runner().invoke(args=["mail", "send-due"])
        assert "0 sent" in again.output and len(inbox.messages) == 1  # the reminder is not due yet: never twice


def test_a_mail_the_server_refuses_waits_and_goes_once_the_server_is_back(make_app: Any,
                                                                          database_config: dict[str, Any],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()  # nothing listens there yet: the mail server is down
    app = _app(make_app, database_config, monkeypatch, port)
    with app.app_context():
        outbox.enqueue("firma@example.de", "Runde 2 ist offen", "Hallo", purpose="konvoi_round")
        db.session.commit()
        first = outbox.send_due()
        assert (first.sent, first.failed, first.waiting) == (0, 1, 1)
        queued = db.session.scalars(db.select(OutgoingMail)).one()
        assert queued.attempts == 1 and queued.last_error and "Connection" in queued.last_error
        assert outbox.send_due().failed == 0  # not due again for five minutes
        second = outbox.send_due(now=utcnow() + timedelta(minutes=6))
        assert second.failed == 1 and db.session.scalars(db.select(OutgoingMail)).one().attempts == 2
    with smtp_server(port) as (inbox, _smtp):
        with app.app_context():
            back = outbox.send_due(now=utcnow() + timedelta(minutes=30))
            assert (back.sent, back.waiting) == (1, 0)
    assert [m["Subject"] for m in inbox.messages] == ["Runde 2 ist offen"]


def test_the_wait_between_tries_doubles_up_to_six_hours() -> None:
    assert [outbox.wait_after(n) for n in (1, 2, 3)] == [timedelta(minutes=5), timedelta(minutes=10),
                                                         timedelta(minutes=20)]
    assert outbox.wait_after(30) == timedelta(hours=6)


def test_a_mail_claimed_by_another_sender_is_left_to_it(make_app: Any, database_config: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as (inbox, smtp):
        app = _app(make_app, database_config, monkeypatch, int(smtp["DIGICHECK_SMTP_PORT"]))
        with app.app_context():
            queued = outbox.enqueue("firma@example.de", "Runde 2", "Hallo", purpose="konvoi_round")
            db.session.flush()
            queued.claimed_until = utcnow() + timedelta(minutes=4)  # another send-due is on it
            db.session.commit()
            assert outbox.send_due().sent == 0 and inbox.messages == []
            assert outbox.send_due(now=utcnow() + timedelta(minutes=5)).sent == 1  # its claim ran out: it crashed
        assert len(inbox.messages) == 1


def test_without_a_mail_server_the_command_says_so_and_keeps_the_mail(make_app: Any,
                                                                     database_config: dict[str, Any],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGICHECK_SMTP_HOST", raising=False)
    app = migrated(make_app(**database_config))
    with app.app_context():
        outbox.enqueue("firma@example.de", "Runde 2", "Hallo", purpose="konvoi_round")
        db.session.commit()
    done = app.test_cli_runner().invoke(args=["mail", "send-due"])
    assert done.exit_code == 1 and "no SMTP server configured" in done.output and "1 mail(s) wait" in done.output


def test_an_address_the_mail_library_cannot_encode_is_a_failed_try_and_given_up_after_thirty_days(
        make_app: Any, database_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as (inbox, smtp):
        app = _app(make_app, database_config, monkeypatch, int(smtp["DIGICHECK_SMTP_PORT"]))
        with app.app_context():
            outbox.enqueue("müller@bäckerei.de", "Runde 2", "Hallo", purpose="konvoi_round")
            outbox.enqueue("firma@example.de", "Runde 2", "Hallo", purpose="konvoi_round")
            db.session.commit()
            done = outbox.send_due()
            assert (done.sent, done.failed) == (1, 1) and len(inbox.messages) == 1  # the rest still goes
            assert outbox.purge_undeliverable() == 0
            stuck = db.session.scalars(db.select(OutgoingMail)).one()
            stuck.created_at = utcnow() - timedelta(days=31)
            db.session.commit()
            assert outbox.purge_undeliverable() == 1
            db.session.commit()
            assert db.session.scalars(db.select(OutgoingMail)).all() == []


def test_a_refused_mail_is_logged_without_the_address(make_app: Any, database_config: dict[str, Any],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    """The server's refusal quotes the recipient; the log keeps only its kind and code (docs/deployment.md, "Logs")."""
    with smtp_server() as (inbox, smtp):
        inbox.refuse_recipients = True
        app = _app(make_app, database_config, monkeypatch, int(smtp["DIGICHECK_SMTP_PORT"]))
        with app.app_context():
            outbox.enqueue("firma@example.de", "Runde 2 ist offen", "Hallo", purpose="konvoi_round")
            db.session.commit()
            with caplog.at_level("INFO"):
                assert outbox.send_due().failed == 1
    ours = [record.getMessage() for record in caplog.records if record.name != "mail.log"]  # not the test server's
    assert "the SMTP server did not take mail 'Runde 2 ist offen': SMTPRecipientsRefused" in ours
    assert not [line for line in ours if "firma@example.de" in line] and inbox.messages == []
