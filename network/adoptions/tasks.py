"""Mail about the exchange (queue "mail"): followers' notices and the weekly digest fan-out.

The tasks read public rows only, so the schema they were sent from does not
matter; each is idempotent (a delivery is recorded with the mail).
"""

from __future__ import annotations

from celery import shared_task

from network.adoptions import notifications


@shared_task(name="adoptions.cosignature_notify_followers")
def cosignature_notify_followers(*, cosignature_id: int, **kwargs: object) -> int:
    """Mail the followers of a need about a new co-signer; return how many mails went out."""
    return notifications.cosignature_notify(cosignature_id=cosignature_id)


@shared_task(name="adoptions.adoption_notify_followers")
def adoption_notify_followers(*, adoption_id: int, **kwargs: object) -> int:
    """Mail the followers of an item about a new adopter; return how many mails went out."""
    return notifications.adoption_notify(adoption_id=adoption_id)


@shared_task(name="adoptions.evidence_notify_followers")
def evidence_notify_followers(*, report_id: int, **kwargs: object) -> int:
    """Mail the followers of an item about an evaluation that flowed back; return how many."""
    return notifications.evidence_notify(report_id=report_id)


@shared_task(name="adoptions.weekly_digest_send")
def weekly_digest_send(*, organization_id: int, **kwargs: object) -> int:
    """Mail one organisation's weekly digest; return how many mails went out."""
    return notifications.digest_send(organization_id=organization_id)


@shared_task(name="adoptions.weekly_digest_fan_out")
def weekly_digest_fan_out(**kwargs: object) -> int:
    """Send ``weekly_digest_send`` once per organisation that follows an area (beat, public)."""
    organization_ids = notifications.digest_organizations()
    for organization_id in organization_ids:
        weekly_digest_send.delay(organization_id=organization_id)
    return len(organization_ids)
