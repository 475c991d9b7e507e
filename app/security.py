"""Response headers that keep pages self-contained: nothing is loaded from, or sent to, other hosts."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from werkzeug.exceptions import BadHost, BadRequest

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
# Plotly sets inline styles while drawing; pages with an interactive chart allow inline
# *styles* (never inline scripts). Everything is still loaded from this host only. Upstream:
# https://github.com/plotly/plotly.js/issues/2355 ("Plotly uses inline CSS"; its fix, PR #6239,
# was closed unmerged). plotly.js 4.1.1, which plotly ships here, still adds its rules to a
# <style> element it creates (addStyleRule), checked 2026-12-03. Drop the exception when it does not.
CHART_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
# Nothing of the device is used, except passkeys (WebAuthn), which the sign-in offers.
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
                      "publickey-credentials-get=(self), publickey-credentials-create=(self)")
HSTS = "max-age=31536000; includeSubDomains"
"""Sent only behind HTTPS (DIGICHECK_HTTPS=1): a browser then never asks for the site over plain http."""
# Flask-Security-Too's passkey pages start their ceremony with a short inline script: it
# runs only with this request's nonce (the library reads it from g under this name).
NONCE_KEY = "csp_nonce"


def init_security_headers(app: Flask) -> None:
    @app.before_request
    def _readable_host() -> None:
        """A Host that is no valid international name ("xn--") breaks every full URL built later,
        such as the sign-in library's redirects: refuse it with the unknown-host page first."""
        try:
            request.host_url  # noqa: B018 (werkzeug decodes the name here)
        except UnicodeError:
            raise BadHost() from None

    @app.before_request
    def _json_is_an_object() -> None:
        """Forms (Flask-WTF's and Flask-Security-Too's) read a JSON body as their fields: a body that is a
        list, a string or a number made them fail with a 500 (a MultiDict of it raises). It is malformed: 400."""
        if request.is_json and not isinstance(request.get_json(silent=True), dict | None):
            raise BadRequest()

    @app.before_request
    def _nonce() -> None:
        setattr(g, NONCE_KEY, secrets.token_urlsafe(16))

    @app.after_request
    def _headers(response: Response) -> Response:
        nonce = g.get(NONCE_KEY)
        policy = CONTENT_SECURITY_POLICY
        if nonce and response.mimetype == "text/html":
            policy = policy.replace("script-src 'self'", f"script-src 'self' 'nonce-{nonce}'")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
