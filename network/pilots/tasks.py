"""Mail about joint pilots (queue "mail"): invitations, decisions, start, evaluation.

The task reads public rows only, so the schema it was sent from does not
matter; it is idempotent (each mail is recorded with its sending).
"""

from __future__ import annotations

from celery import shared_task

from network.pilots import notifications


@shared_task(name="pilots.pilot_notify")
def pilot_notify(*, event: str, object_id: int, **kwargs: object) -> int:
    """Mail the people a pilot event concerns; return how many mails went out."""
    return notifications.pilot_notify(event=event, object_id=object_id)
