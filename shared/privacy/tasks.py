"""Data subjects' requests run as tasks, never inside a web request."""

from __future__ import annotations

from celery import shared_task

from shared.privacy import services


@shared_task(name="privacy.subject_request_run")
def subject_request_run(*, request_id: int, **kwargs: object) -> str:
    """Carry out a data subject's request; running it twice does no harm."""
    return services.subject_request_run(request_id=request_id).status
