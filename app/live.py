"""Live updates of a workshop: a version per workshop that changes whenever what the dashboard and
the projector show may have changed, and the viewer tokens that let them ask for it cheaply.

The version lives in Redis (DIGICHECK_REDIS_URL), so every app process sees the same one: a hash
`<prefix>:workshop:<id>:version` with a random epoch `e` (new whenever the key is new, so a Redis
that restarted empty never repeats a version a browser already holds) and a counter `n`. It is
bumped after the transaction that changed something commits (never before: a poll between the
bump and the commit would fetch the old picture under the new version and then hear 304s):

- a participant's answers or profile saved, a page finished or reopened, a participant joined
  or deleted (app/assessments.py, app/workshops.py call `changed`);
- the consultant reveals or hides the answers, opens a page to a led room, or closes the workshop.

Redis is a soft dependency. When it cannot be reached (short timeouts; after a failed read this
process leaves it alone for a few seconds), the version is computed from the database instead:
the workshop's own fields with the count, finished count and latest `updated_at` of its
participants. Slower (one small query per poll) but correct, and nothing is lost: answers are
stored in the database either way. A bump that fails is tried again with this process's next
Redis call; until then, or until any later change of the workshop bumps it, a browser reading
the Redis version may miss that one change (docs/workshops.md, "Live updates").

Without DIGICHECK_REDIS_URL (a laptop, most tests) the database version is the only one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from typing import Any

from flask import Flask, Response, current_app, has_app_context, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .extensions import db
from .models import Assessment, Workshop

log = logging.getLogger(__name__)

CHANGED = "digicheck.live.changed"  # session.info: ids of workshops changed in this transaction
CLIENT = "digicheck.live.redis"  # app.extensions: (pid, client)
TIMEOUT_SECONDS = 0.25  # a Redis that does not answer must not hold up a poll or a save
PAUSE_SECONDS = 5.0  # after a failed read, polls use the database this long before trying Redis again
KEY_SECONDS = 24 * 3600  # a workshop's version key lives a day after its last change
TOKEN_SALT = "workshop-live"
TOKEN_SECONDS = 12 * 3600  # a dashboard left open all day keeps polling; after that the page reloads itself
ENDPOINT = "workshop.live"
VIEWS = ("dashboard", "projector")

_paused_until = 0.0
_missed: set[tuple[str, int]] = set()  # (key prefix, workshop id): bumps that failed in this process


def init_live(app: Flask) -> None:
    app.config.setdefault("DIGICHECK_REDIS_PREFIX", os.environ.get("DIGICHECK_REDIS_PREFIX") or "digicheck")
    app.extensions.pop(CLIENT, None)
    # Registered before the sign-in extensions (create_app calls this first): their before_request
    # loads the session's account from the database on every request, which "nothing changed" must not.
    app.before_request(_answer_unchanged)
    from sqlalchemy import event

    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _answer_unchanged() -> Response | None:
    """A poll with a valid viewer token and the current version: 304 from Redis alone, before anything else runs."""
    if request.endpoint != ENDPOINT:
        return None
    workshop_id = (request.view_args or {}).get("workshop_id")
    if not isinstance(workshop_id, int) or request.args.get("view", "dashboard") not in VIEWS:
        return None  # the view answers 404
    if not token_is_for(request.args.get("t", ""), workshop_id):
        return None
    found = redis_version(workshop_id)
    if found is not None and request.if_none_match.contains(found):
        return not_modified(found)
    return None


def not_modified(version: str) -> Response:
    response = Response(status=304)
    response.set_etag(version)
    response.headers["Cache-Control"] = "no-cache"
    return response


def changed(workshop_id: int | None) -> None:
    """Remember that the workshop changed; its version is bumped once this transaction commits."""
    if workshop_id is not None:
        db.session.info.setdefault(CHANGED, set()).add(workshop_id)


def _after_commit(session: Session) -> None:
    ids = session.info.pop(CHANGED, None)
    if ids and has_app_context():
        for workshop_id in sorted(ids):
            bump(workshop_id)


def _after_rollback(session: Session) -> None:
    session.info.pop(CHANGED, None)


def _key(prefix: str, workshop_id: int) -> str:
    return f"{prefix}:workshop:{workshop_id}:version"


def _redis() -> Any | None:
    """This process's client (made after gunicorn forked), or None without DIGICHECK_REDIS_URL."""
    url = current_app.config.get("DIGICHECK_REDIS_URL")
    if not url:
        return None
    made = current_app.extensions.get(CLIENT)
    if made is None or made[0] != os.getpid():
        import redis

        made = (os.getpid(), redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS,
                                                  socket_timeout=TIMEOUT_SECONDS, decode_responses=True))
        current_app.extensions[CLIENT] = made
    return made[1]


def _prefix() -> str:
    return str(current_app.config.get("DIGICHECK_REDIS_PREFIX") or "digicheck")


def _bump_in(client: Any, prefix: str, workshop_id: int) -> None:
    key = _key(prefix, workshop_id)
    with client.pipeline(transaction=True) as pipe:
        pipe.hsetnx(key, "e", secrets.token_hex(4))
        pipe.hincrby(key, "n", 1)
        pipe.expire(key, KEY_SECONDS)
        pipe.execute()


def _retry_missed(client: Any) -> None:
    for prefix, workshop_id in sorted(_missed):
        _bump_in(client, prefix, workshop_id)
        _missed.discard((prefix, workshop_id))


def bump(workshop_id: int) -> None:
    """Announce a change. Always tries Redis (a save may wait TIMEOUT_SECONDS at most); never raises."""
    client = _redis()
    if client is None:
        return
    import redis

    try:
        _retry_missed(client)
        _bump_in(client, _prefix(), workshop_id)
    except redis.RedisError as error:
        _missed.add((_prefix(), workshop_id))
        log.warning("workshop %s: live version not bumped in Redis (%s); polls see it from the database "
                    "while Redis is away, or with the next change", workshop_id, error)


def redis_reachable() -> str:
    """"ok", "unreachable" or "not configured": for /readyz, which never fails on it."""
    client = _redis()
    if client is None:
        return "not configured"
    import redis

    try:
        client.ping()
    except redis.RedisError:
        return "unreachable"
    return "ok"


def redis_version(workshop_id: int) -> str | None:
    """The version from Redis, or None when Redis is not set up or cannot be reached. Never touches the database."""
    global _paused_until
    client = _redis()
    if client is None or time.monotonic() < _paused_until:
        return None
    import redis

    key = _key(_prefix(), workshop_id)
    try:
        if _missed:
            _retry_missed(client)
        epoch, count = client.hmget(key, "e", "n")
        if epoch is None:  # new, expired or lost with a Redis restart: a new epoch, never an old version
            client.hsetnx(key, "e", secrets.token_hex(4))
            client.expire(key, KEY_SECONDS)
            epoch, count = client.hmget(key, "e", "n")
    except redis.RedisError as error:
        _paused_until = time.monotonic() + PAUSE_SECONDS
        log.warning("live versions from the database for %.0f s: Redis cannot be reached (%s)", PAUSE_SECONDS, error)
        return None
    return f"r{epoch}.{count or 0}"


def database_version(workshop_id: int) -> str:
    """The version computed from the database: changes with every saved answer, join, finish, reveal,
    opened page, close."""
    of_workshop = Assessment.workshop_id == workshop_id
    row = db.session.execute(select(
        Workshop.revealed, Workshop.closed_at, Workshop.opened_page,
        select(func.count(Assessment.id)).where(of_workshop).scalar_subquery(),
        select(func.count(Assessment.completed_at)).where(of_workshop).scalar_subquery(),
        select(func.max(Assessment.updated_at)).where(of_workshop).scalar_subquery(),
    ).where(Workshop.id == workshop_id)).one_or_none()
    digest = hashlib.sha256(repr(tuple(row) if row is not None else None).encode()).hexdigest()[:16]
    return f"d{digest}"


def version(workshop_id: int) -> str:
    """Redis' version if it answers, else the database's. Read it before reading what it versions."""
    return redis_version(workshop_id) or database_version(workshop_id)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def viewer_token(workshop_id: int) -> str:
    """Signed for this workshop, embedded in the dashboard and projector pages for their polls."""
    return _serializer().dumps(workshop_id)


def token_is_for(token: str, workshop_id: int, max_age: int = TOKEN_SECONDS) -> bool:
    try:
        return bool(_serializer().loads(token, max_age=max_age) == workshop_id)
    except BadSignature:  # includes SignatureExpired
        return False
