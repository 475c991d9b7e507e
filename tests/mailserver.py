"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the mail tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse_recipients = False  # answer RCPT TO with a 550 that quotes the address, as real servers do

    async def handle_RCPT(self, _server: Any, _session: Any, envelope: Any, address: str, _options: Any) -> str:  # noqa: N802
        if self.refuse_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def text(self, message: Message) -> str:
        part = message.get_body(preferencelist=("plain",)) if hasattr(message, "get_body") else message
        assert part is not None
        return str(part.get_content())  # type: ignore[attr-defined]


def settings(port: int) -> dict[str, str]:
    return {"DIGICHECK_SMTP_HOST": "127.0.0.1", "DIGICHECK_SMTP_PORT": str(port),
            "DIGICHECK_SMTP_SECURITY": "none", "DIGICHECK_SMTP_SENDER": "digicheck@example.org"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[Inbox, dict[str, str]]]:
    """The inbox and the DIGICHECK_SMTP_* settings that point at it (plain SMTP, no TLS, on loopback).

    `port`: where to listen (by default a free one); a test that wants the server down at first
    passes settings(port) to the app and starts the server on that port later.
    """
    inbox = Inbox()
    port = port or free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, settings(port)
    finally:
        controller.stop()
