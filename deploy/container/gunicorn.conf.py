"""gunicorn settings for the web container; every figure can be changed through the environment.

Sync workers only: Django runs under WSGI here (django-tenants has async
schema bugs), and each request holds one database connection in one schema.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "sync"
# Set per pod from the CPU it is given; gunicorn's usual 2 x CPU + 1 would
# count the node's CPUs, not the container's limit.
workers = _env_int("GUNICORN_WORKERS", 3)
# A request longer than this is killed (and logged); the ingress should wait
# at least as long.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a rollout, a drained node) requests in flight get this long to finish.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 25)
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# The heartbeat file of each worker: memory, not the (read-only) root filesystem.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108
# gunicorn 25+ opens a control socket under $HOME; nothing here uses it, and
# $HOME is read-only in the cluster. (Older gunicorn ignores the name.)
control_socket_disable = True

loglevel = os.environ.get("LOG_LEVEL", "info").lower()
errorlog = "-"
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else None
# Host (which organisation), method, path, status, bytes, milliseconds. No
# client address, query string, referrer or user agent: they can identify a
# person or carry what they searched for.
access_log_format = '%(t)s %({host}i)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


class _SkipProbes(logging.Filter):
    """Leave Kubernetes' probe requests out of the access log."""

    PATHS = frozenset({"/healthz", "/readyz", "/healthz/broker"})

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        return not (isinstance(atoms, dict) and atoms.get("U") in self.PATHS)


if os.environ.get("GUNICORN_LOG_PROBES", "0") != "1":
    logging.getLogger("gunicorn.access").addFilter(_SkipProbes())
