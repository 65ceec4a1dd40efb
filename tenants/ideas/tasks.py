"""Mail about ideas, sent by workers in the organisation's schema (queue "mail")."""

from __future__ import annotations

from celery import shared_task

from tenants.ideas import notifications


@shared_task(name="ideas.notify_followers")
def idea_notify_followers(
    *, stage_change_id: int, skip_submitter: bool = False, **kwargs: object
) -> int:
    """Mail the followers of an idea that moved; return how many mails went out."""
    return notifications.stage_change_notify(
        stage_change_id=stage_change_id, skip_submitter=skip_submitter
    )
