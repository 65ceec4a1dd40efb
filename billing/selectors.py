"""Reads of billing: the staff's overview of every organisation, an organisation's account."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from billing import lifecycle, plans
from billing.models import BillingAccount, Invoice, Payer, Subscription
from shared.organizations.models import Organization


@dataclass
class StaffRow:
    organization: Organization
    account: BillingAccount | None
    plan: plans.Plan | None
    next_invoice_on: datetime.date | None = None
    next_invoice_ore: int = 0
    overdue: list[Invoice] = field(default_factory=list)

    @property
    def overdue_ore(self) -> int:
        return sum(invoice.total_ore - invoice.amount_paid_ore for invoice in self.overdue)


def _payers_prefetch() -> Prefetch:
    return Prefetch(
        "payers",
        queryset=Payer.objects.order_by("pk").prefetch_related(
            Prefetch("subscriptions", queryset=Subscription.objects.order_by("pk")),
            Prefetch("invoices", queryset=Invoice.objects.order_by("-issued_at")),
        ),
    )


def staff_rows(*, status: str = "", today: datetime.date | None = None) -> list[StaffRow]:
    """Every organisation with its plan, next invoice and overdue invoices, in a fixed number
    of queries, optionally only those with lifecycle ``status``."""
    today = today or timezone.localdate()
    organizations = Organization.objects.tenants().order_by("name")
    if status:
        organizations = organizations.filter(status=status)
    accounts = {
        account.organization_id: account
        for account in BillingAccount.objects.filter(
            organization__in=list(organizations)
        ).prefetch_related(_payers_prefetch())
    }
    rows = []
    for organization in organizations:
        account = accounts.get(organization.pk)
        row = StaffRow(
            organization=organization, account=account, plan=account.plan if account else None
        )
        if account is not None:
            for payer in account.payers.all():
                for subscription in payer.subscriptions.all():
                    if subscription.status in lifecycle.ENDED_SUBSCRIPTION:
                        continue
                    end = subscription.current_period_end
                    if subscription.trial_end and subscription.trial_end > timezone.now():
                        end = subscription.trial_end
                    if end is not None:
                        day = timezone.localdate(end)
                        if row.next_invoice_on is None or day < row.next_invoice_on:
                            row.next_invoice_on = day
                    row.next_invoice_ore += subscription.amount_ore + plans.vat_of(
                        subscription.amount_ore
                    )
                row.overdue += [
                    invoice
                    for invoice in payer.invoices.all()
                    if invoice.status in lifecycle.OVERDUE_INVOICE and invoice.due_date < today
                ]
        rows.append(row)
    return rows


def account_of(*, organization: Organization) -> BillingAccount | None:
    return (
        BillingAccount.objects.filter(organization=organization)
        .prefetch_related(_payers_prefetch())
        .first()
    )


def invoices_of(*, account: BillingAccount) -> list[Invoice]:
    return list(
        Invoice.objects.filter(payer__account=account)
        .select_related("payer")
        .order_by("-issued_at")
    )


def invoice_get(*, pk: int) -> Invoice:
    return Invoice.objects.select_related("payer__account__organization").get(pk=pk)


def oldest_overdue(*, account: BillingAccount, today: datetime.date | None = None) -> Any:
    today = today or timezone.localdate()
    overdue = [
        invoice.due_date
        for invoice in Invoice.objects.filter(
            payer__account=account, status__in=lifecycle.OVERDUE_INVOICE
        )
        if invoice.due_date < today
    ]
    return min(overdue) if overdue else None
