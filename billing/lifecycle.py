"""The organisation's status as a function of its subscriptions and invoices.

A pure function of the mirrored state, so events arriving late, twice or out
of order lead to the same status: trial → active (an invoice paid) → past due
(an invoice overdue) → suspended (still overdue after the grace period) →
archived (every subscription ended). Paying what is overdue reactivates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from shared.organizations.models import OrganizationStatus

# Days an organisation may stay past due before it is suspended (read-only).
DEFAULT_GRACE_DAYS = 30
ENDED_SUBSCRIPTION = frozenset({"canceled", "incomplete_expired"})
OVERDUE_INVOICE = frozenset({"open", "uncollectible"})


@dataclass(frozen=True)
class Facts:
    subscriptions: int
    live_subscriptions: int
    # The earliest due date among unpaid invoices whose due date has passed.
    oldest_overdue: datetime.date | None
    has_paid_invoice: bool


def status_for(
    *,
    facts: Facts,
    current: str,
    today: datetime.date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    grace_extended_until: datetime.date | None = None,
) -> str:
    """The status an organisation with these ``facts`` has ``today``."""
    if facts.subscriptions == 0:
        # Not billed through Stripe (yet): platform staff decide.
        return current
    if facts.live_subscriptions == 0:
        return OrganizationStatus.ARCHIVED
    if facts.oldest_overdue is not None:
        deadline = facts.oldest_overdue + datetime.timedelta(days=grace_days)
        if grace_extended_until is not None and grace_extended_until > deadline:
            deadline = grace_extended_until
        return OrganizationStatus.SUSPENDED if today > deadline else OrganizationStatus.PAST_DUE
    if facts.has_paid_invoice:
        return OrganizationStatus.ACTIVE
    return OrganizationStatus.TRIAL


def suspension_date(
    *,
    oldest_overdue: datetime.date,
    grace_days: int = DEFAULT_GRACE_DAYS,
    grace_extended_until: datetime.date | None = None,
) -> datetime.date:
    """The first day an organisation with this overdue invoice is suspended."""
    deadline = oldest_overdue + datetime.timedelta(days=grace_days)
    if grace_extended_until is not None and grace_extended_until > deadline:
        deadline = grace_extended_until
    return deadline + datetime.timedelta(days=1)
