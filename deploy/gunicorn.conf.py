"""gunicorn settings for one digicheck instance (docs/deployment.md, "Two instances behind nginx").

The systemd unit deploy/systemd/digicheck@.service starts gunicorn with this file and the
instance's port; tests/deploy/ start their instances with the same command. Settings that
differ per machine come from the environment (the unit's EnvironmentFile), with defaults
for a small server.
"""

import os

# Sync workers: nginx in front buffers whole requests and responses (proxy_request_buffering and
# proxy_buffering are on in deploy/nginx/), so a slow client ties up nginx, never a worker.
worker_class = "sync"
workers = int(os.environ.get("DIGICHECK_WORKERS", "3"))
# A request that takes longer than this is stuck (the slowest legitimate one, a hub's quarter
# export, takes seconds): the worker is killed and replaced, and its transaction never commits.
timeout = int(os.environ.get("DIGICHECK_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Hostile or broken requests end before they reach the app: request line, header count and size.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
# Workers are not recycled after N requests (max_requests): each replaced worker would leave its
# Prometheus files behind until the instance restarts (docs/deployment.md, "Metrics").

# One JSON object per line from every logger. The app writes one line per request itself (route
# rule, status, ms, request id; app/request_log.py). gunicorn's access log is written without the
# path or query string, because private links carry their token in the path; the request id (the
# app's answer header) joins it to the app's and nginx's lines. Set DIGICHECK_GUNICORN_ACCESS_LOG=
# (empty) to leave it out: the app's line says the same and more.
accesslog = os.environ.get("DIGICHECK_GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", "method": "%(m)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
)
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.request_log.JsonLines"}, "as_is": {"format": "%(message)s"}},
    # gunicorn's own error lines would name a failed request's path (with a private link's token) and a
    # malformed request's client address.
    "filters": {"no_request_details": {"()": "app.request_log.GunicornWithoutRequestDetails"}},
    "handlers": {
        "errors": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr",
                   "filters": ["no_request_details"]},
        "access": {"class": "logging.StreamHandler", "formatter": "as_is", "stream": "ext://sys.stdout"},
    },
    "root": {"level": "INFO", "handlers": ["errors"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["errors"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
# Exactly one proxy (nginx on this host) may tell gunicorn the client's scheme; the app reads
# X-Forwarded-For itself (DIGICHECK_TRUSTED_PROXIES).
forwarded_allow_ips = "127.0.0.1,::1"

# Prometheus' multiprocess mode (PROMETHEUS_MULTIPROC_DIR, set by the systemd unit): a worker that
# ends leaves its counters to the others' sum, and its live gauges are dropped.
from app.metrics import gunicorn_child_exit as child_exit  # noqa: E402,F401
