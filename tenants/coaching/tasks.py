"""Reminders about next steps (queue "mail"): a daily fan-out, one task per organisation."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization
from tenants.coaching import notifications


@shared_task(name="coaching.next_step_reminders_send")
def next_step_reminders_send(**kwargs: object) -> int:
    """Mail this organisation's owners of due next steps; runs in the schema it was sent from.

    Idempotent: a second run the same day sends nothing. Returns how many mails went out.
    """
    return notifications.next_step_reminders_send()


@shared_task(name="coaching.next_step_reminders_fan_out")
def next_step_reminders_fan_out(**kwargs: object) -> int:
    """Send ``next_step_reminders_send`` once per organisation in use (beat, public).

    Each task carries its organisation's schema (tenant-schemas-celery reads it
    from the connection when the task is sent). Returns how many were sent.
    """
    organizations = list(Organization.objects.in_use().order_by("pk"))
    for organization in organizations:
        with tenant_context(organization):
            next_step_reminders_send.delay()
    return len(organizations)
