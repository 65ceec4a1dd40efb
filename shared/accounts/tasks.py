"""Mail to people about their memberships."""

from __future__ import annotations

from celery import shared_task

from shared.accounts import notifications


@shared_task(name="accounts.membership_send_welcome")
def membership_send_welcome(*, membership_id: int, **kwargs: object) -> None:
    """Mail a new member a welcome with a link to set their password; runs in their tenant."""
    notifications.membership_welcome_send(membership_id=membership_id)
