"""Mail about council decisions, sent by workers in the organisation's schema (queue "mail")."""

from __future__ import annotations

from celery import shared_task

from tenants.council import notifications


@shared_task(name="council.decision_notify")
def decision_notify(*, decision_id: int, **kwargs: object) -> bool:
    """Tell the submitter of the idea about the decision; idempotent. True if a mail went out."""
    return notifications.decision_notify(decision_id=decision_id)
