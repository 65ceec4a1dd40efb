"""Billing's periodic work: reconcile every account with Stripe once a day."""

from __future__ import annotations

import logging

from celery import shared_task

from billing import services, stripe_client
from billing.models import BillingAccount

logger = logging.getLogger(__name__)


@shared_task(name="billing.reconcile_fan_out")
def reconcile_fan_out(**kwargs: object) -> int:
    """Queue one reconciliation per account; return how many."""
    ids = list(BillingAccount.objects.values_list("pk", flat=True))
    for account_id in ids:
        reconcile_account.delay(account_id=account_id)
    return len(ids)


@shared_task(name="billing.reconcile_account")
def reconcile_account(*, account_id: int, **kwargs: object) -> list[str]:
    """Repair one account's mirror from Stripe and let its status follow (idempotent)."""
    account = BillingAccount.objects.select_related("organization").filter(pk=account_id).first()
    if account is None:
        return []
    if not stripe_client.is_configured():
        # Without Stripe only the time-driven part runs: a grace period may run out.
        services.organization_status_follow(organization=account.organization)
        return []
    return services.account_reconcile(account=account).repaired
