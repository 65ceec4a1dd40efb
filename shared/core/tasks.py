"""Operational tasks of the platform itself."""

from __future__ import annotations

import platform

from celery import shared_task

from shared.core.tenancy import current_schema_name


@shared_task(name="core.worker_report")
def worker_report(**kwargs: object) -> dict[str, str]:
    """Report which schema a worker ran this task in and which ``platform`` module it loaded.

    ``manage.py check_worker`` sends it to confirm that workers are up, carry
    the tenant of the sender, and see the standard library rather than our
    ``platform/`` folder.
    """
    return {
        "schema": current_schema_name(),
        "platform_module": platform.__file__ or "",
        "python": platform.python_version(),
    }
