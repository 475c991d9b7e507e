"""Rate limits: how often one visitor may start a check or send answers, counted for all processes.

Limits live in one table here (endpoint -> setting, key), not in decorators over the routes,
so the limits of the whole site can be read in one place; `limit_endpoint` adds one for a
view registered elsewhere (Flask-Security-Too's sign-in, say). Only the listed methods
count (POST): reading a page is never limited by these.

Counts live in Redis (DIGICHECK_REDIS_URL), so every app process sees the same numbers.
When Redis cannot be reached, Flask-Limiter counts in the process's memory instead (one
warning in the log) and tries Redis again now and then: limits stay in force, per process.
Without DIGICHECK_REDIS_URL the counts are in memory only, which is right for a laptop.

What is counted is a keyed fingerprint (HMAC-SHA-256 with SECRET_KEY) of the client
address, private link or form field, never the value itself: Redis holds keys such as
`LIMITS:LIMITER/digicheck/<fingerprint>/check.start/60/10/minute` until the window ends.
A plain hash would not do: all IPv4 addresses can be hashed and compared in minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, Response, current_app, make_response, request
from flask_babel import ngettext
from flask_limiter import Limiter, RateLimitExceeded
from limits import parse_many
from werkzeug.exceptions import HTTPException

from .errors import MESSAGES, error_page
from .extensions import LIMITER, limiter

log = logging.getLogger(__name__)

KeyFunc = Callable[[], str]


def _fingerprint(kind: str, value: str) -> str:
    """Keyed, so that Redis (or a copy of it) never gives away an address, a link or an e-mail."""
    secret = current_app.config["SECRET_KEY"]
    key = secret if isinstance(secret, bytes) else str(secret).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def by_address() -> str:
    """The client address: the connection's peer, or what DIGICHECK_TRUSTED_PROXIES lets us believe."""
    return _fingerprint("address", request.remote_addr or "")


def by_link() -> str:
    """The private link (the `token` in the URL): a workshop room or a company shares one address,
    but each person answers through their own link."""
    return _fingerprint("link", str((request.view_args or {}).get("token", "")))


def by_code() -> str:
    """A workshop's join code as typed (upper-cased): guessing one code from many addresses is counted too."""
    return _fingerprint("code", str((request.view_args or {}).get("code", "")).upper())


def by_form_field(name: str) -> KeyFunc:
    """A posted field, trimmed and case-folded, e.g. the e-mail of a sign-in form: per-account limits.

    A form without the field (or one too large to read) counts by address instead, so that
    such requests do not all share, and use up, one budget.
    """

    def key() -> str:
        try:
            value = request.form.get(name, "")
        except HTTPException:  # the view will refuse the body itself; a key must never fail
            value = ""
        value = value.strip().casefold()
        return _fingerprint(f"field:{name}", value) if value else by_address()

    key.__name__ = key.__qualname__ = f"by_form_field_{name}"
    return key


def by_api_token() -> str:
    """The bearer token (app/access.py has let only active ones through): each script its own budget."""
    return _fingerprint("api-token", bearer_token())


def bearer_token() -> str:
    """The secret of `Authorization: Bearer SECRET`, or "" without one."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def bad_token_allowed() -> bool:
    """One more unknown or revoked API token from this address, counted; False once over the limit."""
    storage = limiter.limiter
    address = by_address()
    return all(storage.hit(item, "api-bad-token", address)
               for item in parse_many(current_app.config["DIGICHECK_LIMIT_API_BAD_TOKEN"]))


@dataclass(frozen=True)
class EndpointLimit:
    """One row of the table: requests to `endpoint` by `methods`, counted by `key`, up to the limit
    in the setting named `setting` (config.LIMIT_DEFAULTS)."""

    endpoint: str
    setting: str
    key: KeyFunc
    methods: tuple[str, ...] = ("POST",)
    failed_only: bool = False  # count only answers that are not a redirect (a sign-in that did not succeed)


LIMITS: tuple[EndpointLimit, ...] = (
    # Starting a check (and a new round of one) stores an assessment: per address.
    EndpointLimit("check.start", "DIGICHECK_LIMIT_START", by_address),
    EndpointLimit("check.again", "DIGICHECK_LIMIT_START", by_address),
    EndpointLimit("konvoi.join", "DIGICHECK_LIMIT_START", by_address),  # joining stores a member
    # Answer posts score and store: per private link, never per (shared) address.
    EndpointLimit("check.save_page", "DIGICHECK_LIMIT_ANSWERS", by_link),
    EndpointLimit("check.save_answer", "DIGICHECK_LIMIT_ANSWER_SAVES", by_link),
    # Signing in: failed password attempts per account and per address. Throttled, never locked:
    # the windows are short, and a passkey sign-in is not counted per account, so nobody can
    # keep a consultant out by typing wrong passwords under their address.
    EndpointLimit("security.login", "DIGICHECK_LIMIT_SIGN_IN_ACCOUNT", by_form_field("email"), failed_only=True),
    EndpointLimit("security.login", "DIGICHECK_LIMIT_SIGN_IN_ADDRESS", by_address, failed_only=True),
    EndpointLimit("security.two_factor_token_validation", "DIGICHECK_LIMIT_SIGN_IN_ADDRESS", by_address,
                  failed_only=True),
    EndpointLimit("security.mf_recovery", "DIGICHECK_LIMIT_SIGN_IN_ADDRESS", by_address, failed_only=True),
    EndpointLimit("security.wan_signin_response", "DIGICHECK_LIMIT_SIGN_IN_ADDRESS", by_address),
    # Password reset mails and invitation links: per address (and reset per account).
    EndpointLimit("security.forgot_password", "DIGICHECK_LIMIT_RESET", by_form_field("email")),
    EndpointLimit("security.forgot_password", "DIGICHECK_LIMIT_INVITATION", by_address),
    EndpointLimit("auth.invitation", "DIGICHECK_LIMIT_INVITATION", by_address, ("GET", "POST")),
    # Joining a workshop by its code: per address and per code, against guessing.
    EndpointLimit("workshop.join", "DIGICHECK_LIMIT_JOIN", by_address, ("GET", "POST")),
    EndpointLimit("workshop.join", "DIGICHECK_LIMIT_JOIN_CODE", by_code, ("GET", "POST")),
    # The JSON API: per token (unknown tokens are counted per address by app/access.py).
    EndpointLimit("api.aggregates", "DIGICHECK_LIMIT_API", by_api_token, ("GET",)),
    EndpointLimit("api.quarters", "DIGICHECK_LIMIT_API", by_api_token, ("GET",)),
)


def init_limits(app: Flask) -> None:
    """One Limiter per app (Flask-Limiter keeps its storage on the instance), then the table."""
    redis_url = app.config.get("DIGICHECK_REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "digicheck")
    if redis_url:
        app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
        # A Redis that does not answer must not hold up requests: a second, then memory.
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})
    elif not app.testing:
        log.warning("DIGICHECK_REDIS_URL is not set: rate limits are counted in each process's memory. "
                    "Fine on one machine for development; several processes need Redis (docs/deployment.md).")
    own = Limiter(key_func=by_address)
    # Its one warning when Redis goes away ("falling back to in-memory storage") goes where ours go.
    own.logger = log
    own.init_app(app)
    app.extensions[LIMITER] = own
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    for row in LIMITS:
        try:
            limit_endpoint(app, row.endpoint, app.config[row.setting], row.key, row.methods, row.failed_only)
        except ValueError as error:
            raise ValueError(f"{row.setting}: {error}") from None


def limit_endpoint(app: Flask, endpoint: str, limit: str, key: KeyFunc,
                   methods: Iterable[str] = ("POST",), failed_only: bool = False) -> None:
    """Limit `methods` requests to `endpoint` to `limit` (e.g. "10 per minute;100 per day") per `key`.

    Call it once the endpoint's view is registered, e.g. after Flask-Security-Too is set up:

        limit_endpoint(app, "security.login", "10 per minute", by_form_field("email"))
        limit_endpoint(app, "security.login", "30 per minute", by_address)

    Each call adds a limit of its own; a request beyond any of them gets the 429 page with
    Retry-After. A limit that Flask-Limiter cannot read stops the start (ValueError).
    """
    try:
        parse_many(limit)
    except ValueError:
        raise ValueError(f"{limit!r} is not a rate limit; write e.g. '10 per minute;100 per day'") from None
    if endpoint not in app.view_functions:
        raise LookupError(f"no view {endpoint!r} to limit (register it before limiting it)")
    wrap = cast(Limiter, app.extensions[LIMITER]).limit(
        limit, key_func=key, methods=[method.upper() for method in methods],
        deduct_when=_not_a_redirect if failed_only else None)
    view: Callable[..., Any] = app.view_functions[endpoint]
    app.view_functions[endpoint] = wrap(view)


def _not_a_redirect(response: Response) -> bool:
    """A sign-in that worked redirects onwards; one that failed shows the form again."""
    return not 300 <= response.status_code < 400


def _seconds_to_wait(error: RateLimitExceeded) -> int:
    """Until the window of the breached limit ends: what Retry-After and the page say.

    Flask-Limiter rounds the end of the window up to the next second; never more than the window.
    """
    window = int(error.limit.limit.get_expiry())
    current = limiter.current_limit
    try:
        reset_at = current.reset_at if current is not None else None
    except Exception:  # noqa: BLE001 - the storage went away since the check; the window length is fair
        reset_at = None
    if reset_at is None:
        return window
    return max(1, min(window, math.ceil(reset_at - time.time())))


def _too_many_requests(error: RateLimitExceeded) -> Response:
    """The house's error page in the visitor's language, saying when to try again."""
    seconds = _seconds_to_wait(error)
    minutes = math.ceil(seconds / 60)
    if minutes < 120:
        when = ngettext("You can try again in %(num)d minute.", "You can try again in %(num)d minutes.", minutes)
    else:
        hours = math.ceil(minutes / 60)
        when = ngettext("You can try again in %(num)d hour.", "You can try again in %(num)d hours.", hours)
    title, text = MESSAGES[429]
    response = make_response(error_page(429, title, f"{text} {when}"))
    response.headers["Retry-After"] = str(seconds)
    return response
