"""The broker check for monitoring, against a real broker and worker."""

import time

import pytest

from config.celery import app
from shared.core import tasks

pytestmark = pytest.mark.worker


class TestBrokerCheck:
    def test_reports_the_broker_the_workers_and_an_empty_queue(
        self, client, settings, redis_url, celery_worker
    ):
        settings.CELERY_BROKER_URL = redis_url

        response = client.get("/healthz/broker", HTTP_HOST="10.1.2.3")

        assert response.status_code == 200
        report = response.json()
        assert report["broker"] is True
        assert report["workers"] >= 1
        assert report["queues"]["mail"] == {"waiting": 0, "lag_seconds": 0.0}

    def test_reports_how_long_the_oldest_waiting_task_has_waited(
        self, client, settings, redis_url, celery_worker
    ):
        settings.CELERY_BROKER_URL = redis_url
        # The worker stops taking from one queue: a task sent to it waits.
        celery_worker.consumer.cancel_task_queue("provisioning")
        time.sleep(0.5)
        tasks.worker_report.apply_async(queue="provisioning")
        time.sleep(1.2)

        report = client.get("/healthz/broker", HTTP_HOST="10.1.2.3").json()

        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge("provisioning")
        assert report["queues"]["provisioning"]["waiting"] >= 1
        assert report["queues"]["provisioning"]["lag_seconds"] >= 1.0
