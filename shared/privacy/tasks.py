"""Data subjects' requests run as tasks, never inside a web request."""

from __future__ import annotations

from celery import shared_task

from shared.privacy import services


@shared_task(name="privacy.subject_request_run")
def subject_request_run(*, request_id: int, **kwargs: object) -> str:
    """Carry out a data subject's request; running it twice does no harm."""
    return services.subject_request_run(request_id=request_id).status


@shared_task(name="privacy.retention_apply")
def retention_apply(**kwargs: object) -> dict[str, int]:
    """Apply retention in the organisation's schema the task was sent from."""
    from shared.privacy import retention

    return retention.retention_apply()


@shared_task(name="privacy.retention_fan_out")
def retention_fan_out(**kwargs: object) -> int:
    """Send ``retention_apply`` once per organisation with a schema (beat, public, daily).

    Suspended and archived organisations too: retention is the law's, not the plan's.
    """
    from django_tenants.utils import tenant_context

    from shared.organizations.models import Organization

    organizations = list(
        Organization.objects.tenants().filter(schema_name__in=services.schemas()).order_by("pk")
    )
    for organization in organizations:
        with tenant_context(organization):
            retention_apply.delay()
    return len(organizations)
