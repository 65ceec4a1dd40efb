"""Provisioning runs as a task, never inside a web request."""

from __future__ import annotations

from celery import shared_task

from shared.organizations import services


@shared_task(name="organizations.provision_from_request")
def organization_provision_from_request(*, request_id: int, **kwargs: object) -> str:
    """Carry out a provisioning request; running it twice does no harm."""
    return services.provisioning_request_run(request_id=request_id).status
