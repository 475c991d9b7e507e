"""A visitor over real HTTP: cookies, CSRF tokens and forms, for tests against running processes.

The Flask test client cannot show what crosses processes (a session made by one instance and
read by another, a limit counted in Redis by both). This client speaks HTTP/1.1 over loopback
with the standard library and follows no redirects, so a test sees every 303 it gets.
"""

from __future__ import annotations

import html.parser
import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class _Hidden(html.parser.HTMLParser):
    """The CSRF token of the first form that carries one."""

    def __init__(self) -> None:
        super().__init__()
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name") == "csrf_token" and not self.csrf:
            self.csrf = found.get("value") or ""


@dataclass
class Visitor:
    """One browser: its cookies go to whichever instance (port) it talks to, as behind one host name."""

    port: int
    timeout: float = 15.0
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def request(self, method: str, path: str, form: dict[str, Any] | None = None, *, port: int | None = None,
                headers: dict[str, str] | None = None) -> Reply:
        body = urlencode(form, doseq=True) if form is not None else None
        sent = {"Host": "localhost", **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            received = {k.lower(): v for k, v in response.getheaders()}
        finally:
            connection.close()
        hidden = _Hidden()
        hidden.feed(text)
        self.csrf = hidden.csrf or self.csrf
        return Reply(response.status, received, text)

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, Any] | None = None, **kwargs: Any) -> Reply:
        """A form post with the CSRF token of the last page seen (fetch a page with a form first)."""
        return self.request("POST", path, {"csrf_token": self.csrf, **(form or {})}, **kwargs)


def private_token(location: str) -> str:
    """The token of a private link in a redirect (/a/<token>/<page>)."""
    found = re.search(r"/a/([A-Za-z0-9_-]{20,})/", location)
    assert found, location
    return found.group(1)
