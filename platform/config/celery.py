"""The Celery app: every task is a TenantTask and runs in the schema it was sent from."""

import os
import time
from typing import Any

from celery.signals import before_task_publish
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("idesluss")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@before_task_publish.connect
def _stamp_sent_at(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Note when a task was sent, so monitoring can tell how long the oldest has waited."""
    if headers is not None:
        headers.setdefault("sent_at", time.time())
