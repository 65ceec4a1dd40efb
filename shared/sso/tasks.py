"""Scheduled work: ask each organisation's provider whether its members may still log in."""

from __future__ import annotations

from celery import shared_task

from shared.sso import checks
from shared.sso.models import IdentityProvider


@shared_task(name="sso.check_members_fan_out")
def check_members_fan_out(**kwargs: object) -> int:
    """Queue one check per enabled provider; return how many."""
    ids = list(IdentityProvider.objects.filter(enabled=True).values_list("pk", flat=True))
    for provider_id in ids:
        check_members.delay(provider_id=provider_id)
    return len(ids)


@shared_task(name="sso.check_members")
def check_members(*, provider_id: int, **kwargs: object) -> int:
    """Check one provider's members (idempotent); return how many memberships ended."""
    provider = (
        IdentityProvider.objects.select_related("organization").filter(pk=provider_id).first()
    )
    if provider is None:
        return 0
    return checks.provider_members_check(provider=provider).removed
