"""Mail to people who use the public portal."""

from __future__ import annotations

from celery import Task, shared_task

from tenants.contacts import notifications


@shared_task(name="contacts.send_confirmation", bind=True)
def contact_send_confirmation(
    self: Task,
    *,
    contact_id: int,
    language: str = "sv",
    support_idea_id: int | None = None,
    **kwargs: object,
) -> None:
    """Mail a contact their personal link; runs in the organisation's schema.

    Each sending is one mail: a rerun of the same task (same id) sends nothing.
    """
    notifications.contact_confirmation_send(
        contact_id=contact_id,
        language=language,
        support_idea_id=support_idea_id,
        request_key=str(self.request.id or ""),
    )
