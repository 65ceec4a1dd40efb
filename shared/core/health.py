"""Liveness, readiness and broker answers for probes and monitoring.

``/readyz`` asks only what a web process needs to serve a page: the database.
A broker outage must not take every web pod out of service (tasks are sent
after commit, and a failed send is logged, not shown). ``/healthz/broker``
(and ``manage.py broker_status``) is for monitoring: the broker, the workers
that answer, how many tasks wait in each queue and for how long, and the
mails whose worker died while sending them (decision 0013).
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import JsonResponse

# Every queue a worker consumes (CELERY_TASK_ROUTES and the default).
QUEUES = ("default", "mail", "provisioning")
# How long a ping waits for workers to answer.
WORKER_PING_SECONDS = 1.0


def liveness_response() -> JsonResponse:
    """The process is alive and serving; touches nothing else."""
    return JsonResponse({"status": "ok"})


def readiness_response() -> JsonResponse:
    """The database answers; the broker is left to ``broker_response``."""
    checks = {"database": _database_ok()}
    ready = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def broker_response() -> JsonResponse:
    """The broker's state for monitoring: 503 when it is down or no worker answers."""
    report = broker_report()
    return JsonResponse(report, status=503 if report["status"] == "unavailable" else 200)


def broker_report() -> dict[str, Any]:
    """The broker, the workers answering, and each queue's length and oldest task's age.

    Without a broker (tasks run in-process) there is nothing to watch: ``status``
    is ``"eager"``. ``lag_seconds`` is the age of the oldest waiting task (Redis;
    ``None`` on a broker that cannot show it).
    """
    from shared.core import deliveries

    report: dict[str, Any] = {"unconfirmed_mails": _unconfirmed(deliveries)}
    if not settings.CELERY_BROKER_URL:
        return {**report, "status": "eager", "broker": None, "workers": 0, "queues": {}}
    from config.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
            queues = {name: _queue(broker, name) for name in QUEUES}
    except Exception:
        return {**report, "status": "unavailable", "broker": False, "workers": 0, "queues": {}}
    workers = _workers(app)
    return {
        **report,
        "status": "ok" if workers else "unavailable",
        "broker": True,
        "workers": workers,
        "queues": queues,
    }


def _queue(broker: Any, name: str) -> dict[str, Any]:
    channel = broker.default_channel
    client = getattr(channel, "client", None)
    if client is not None and hasattr(client, "lindex"):
        # Redis: kombu pushes on the left and takes from the right; the oldest is last.
        waiting = int(client.llen(name))
        oldest = client.lindex(name, -1) if waiting else None
        return {"waiting": waiting, "lag_seconds": _age(oldest)}
    declared = channel.queue_declare(queue=name, passive=True)
    return {"waiting": int(declared.message_count), "lag_seconds": None}


def _age(raw: bytes | None) -> float | None:
    if raw is None:
        return 0.0
    try:
        sent_at = json.loads(raw)["headers"]["sent_at"]
    except (ValueError, KeyError, TypeError):
        return None
    return round(max(0.0, time.time() - float(sent_at)), 1)


def _workers(app: Any) -> int:
    try:
        return len(app.control.ping(timeout=WORKER_PING_SECONDS) or [])
    except Exception:
        return 0


def _unconfirmed(deliveries: Any) -> int | None:
    try:
        return int(deliveries.deliveries_unconfirmed())
    except Exception:
        return None


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False
