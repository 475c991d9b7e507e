"""Behind reverse proxies: believe their X-Forwarded-For and -Proto, and nobody else's.

The client address counts for rate limits (app/limits.py) and the scheme makes the private
link start with https://. Each proxy appends the address it saw to X-Forwarded-For, so
only the last TRUSTED_PROXIES entries were written by our own proxies; anything to their
left is whatever the client sent. X-Forwarded-Host is not read: proxies pass the Host
header on (nginx: `proxy_set_header Host $host`), and one that forgot to overwrite
X-Forwarded-Host would let a client name the host of the private link.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy(app: Flask) -> None:
    """TRUSTED_PROXIES=0 (the default) changes nothing: the peer of the connection is the client."""
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
