"""One log line per request, and JSON log lines for a log collector: never a path's token, answer or address.

Private links carry their token in the path (`/a/<token>`, `/m/<key>`), so a request is
logged by its route rule (`/a/<token>/<page>`), never by its path; the query string is not
logged at all. Each request gets an id (the proxy's `X-Request-ID` when it sends a sane one),
sent back in the answer's `X-Request-ID` and written into every log line of that request,
so that nginx's, gunicorn's and the app's lines can be put together.

`DIGICHECK_LOG_FORMAT=json` writes every log line as one JSON object (docs/deployment.md).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import time
from typing import Any

from flask import Flask, Response, g, has_request_context, request

log = logging.getLogger("digicheck.requests")


class GunicornWithoutRequestDetails(logging.Filter):
    """gunicorn's error lines name a failed request's path (`Error handling request GET /a/<the token>/...`,
    on a worker timeout too) and a malformed request's client address and line: keep what happened only.
    deploy/gunicorn.conf.py puts this filter on gunicorn's error log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Error handling request"):
            record.msg, record.args = "Error handling request (its path is not logged)", ()
        elif message.startswith("Invalid request from ip="):
            record.msg, record.args = "Invalid request (its address and request line are not logged)", ()
        return True


class LoggedFlask(Flask):
    """Flask whose log of an unexpected error names the route rule, never the path (Flask's own writes
    `Exception on /a/<the token>/profile [POST]`): a fault must not put a private link into the log."""

    def log_exception(self, exc_info: Any) -> None:
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        self.logger.error("Exception on %s [%s]", rule, request.method, exc_info=exc_info)
SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class JsonLines(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, request id, and a request's fields."""

    FIELDS = ("method", "route", "status", "ms")

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                                "logger": record.name, "message": record.getMessage(),
                                "request_id": getattr(record, "request_id", None) or request_id()}
        line.update({k: getattr(record, k) for k in self.FIELDS if hasattr(record, k)})
        if record.exc_info:
            kind = record.exc_info[0]
            # The kind, never the message or traceback: a database error's message quotes the answers sent.
            line["error"] = f"{kind.__module__}.{kind.__qualname__}" if kind else None
        return json.dumps(line, ensure_ascii=False)


def init_request_log(app: Flask) -> None:
    if os.environ.get("DIGICHECK_LOG_FORMAT") == "json" and not app.config.get("TESTING"):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLines())
        logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)

    @app.before_request
    def _begin() -> None:
        sent = request.headers.get("X-Request-ID", "")
        g.request_id = sent if SANE_ID.match(sent) else secrets.token_hex(8)
        g.request_began = time.perf_counter()

    @app.after_request
    def _end(response: Response) -> Response:
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        ms = round((time.perf_counter() - g.get("request_began", time.perf_counter())) * 1000, 1)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        log.info("%s %s %s", request.method, rule, response.status_code,
                 extra={"method": request.method, "route": rule, "status": response.status_code, "ms": ms,
                        "request_id": g.get("request_id")})
        return response
