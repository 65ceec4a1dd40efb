"""Writes of billing: accounts, payers, subscriptions, the Stripe mirror, events, lifecycle.

Stripe calls happen inside the transaction after validation, so a refused
call leaves nothing half-done here. The mirror is only ever written from an
object fetched from Stripe; the organisation's status then follows from it
(``organization_status_follow``), audited and mailed to its admins.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from billing import lifecycle, notifications, orgnr, plans, split, stripe_client
from billing.models import (
    BillingAccount,
    EventOutcome,
    Invoice,
    Payer,
    PaymentMethod,
    SplitMethod,
    StripeEvent,
    Subscription,
)
from shared.core import geography
from shared.core.services import audit_record
from shared.organizations import services as organization_services
from shared.organizations.models import Organization, OrganizationKind, OrganizationStatus

logger = logging.getLogger(__name__)

PAYER_FIELDS = (
    "name",
    "organization_number",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "buyer_reference",
    "contact_name",
    "contact_email",
)


def grace_days() -> int:
    return int(getattr(settings, "BILLING_GRACE_DAYS", lifecycle.DEFAULT_GRACE_DAYS))


def _when(timestamp: Any) -> datetime.datetime | None:
    if not timestamp:
        return None
    return datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC)


def _day(timestamp: Any) -> datetime.date | None:
    moment = _when(timestamp)
    return timezone.localdate(moment) if moment is not None else None


# --- Accounts and payers ---------------------------------------------------------------


@transaction.atomic
def billing_account_open(
    *,
    organization: Organization,
    by: Any,
    plan_code: str | None = None,
    trial_days: int = 30,
    payment_method: str = PaymentMethod.INVOICE,
) -> BillingAccount:
    """Start a trial: the account with its plan (by population unless given) and its payers.

    A group of municipalities gets one payer per member municipality, split
    per inhabitant until its admin chooses otherwise; anyone else one payer.
    """
    if organization.kind == OrganizationKind.PLATFORM:
        raise ValidationError(_("Plattformen själv har inget abonnemang."))
    if hasattr(organization, "billing_account"):
        raise ValidationError(_("Organisationen har redan ett abonnemang."))
    plan = (
        plans.plan_get(plan_code)
        if plan_code
        else plans.plan_for(
            population=organization.population,
            is_partner=organization.kind == OrganizationKind.PARTNER,
        )
    )
    group = organization.kind == OrganizationKind.MUNICIPALITY_GROUP
    account = BillingAccount.objects.create(
        organization=organization,
        plan_code=plan.code,
        payment_method=payment_method,
        split_method=SplitMethod.POPULATION if group else SplitMethod.SINGLE,
        trial_ends_on=timezone.localdate() + datetime.timedelta(days=trial_days),
    )
    if group:
        known = geography.municipalities()
        for code in organization.municipality_codes:
            name = known[code].name if code in known else code
            Payer.objects.create(account=account, municipality_code=code, name=f"{name} kommun")
    else:
        Payer.objects.create(account=account, name=organization.name)
    _audit(
        organization=organization,
        by=by,
        action="billing.trial_started",
        obj=account,
        after={"plan": plan.code, "trial_ends_on": account.trial_ends_on},
    )
    if organization.status != OrganizationStatus.TRIAL:
        organization_services.organization_set_status(
            organization=organization, status=OrganizationStatus.TRIAL, by=by
        )
        _status_changed_notify(organization=organization, before="", after=OrganizationStatus.TRIAL)
    return account


@transaction.atomic
def payer_update(*, payer: Payer, by: Any, **values: Any) -> Payer:
    """Change a payer's billing details; the Stripe customer gets them too."""
    unknown = set(values) - set(PAYER_FIELDS)
    if unknown:
        raise ValueError(f"Not billing details: {sorted(unknown)}")
    if values.get("organization_number"):
        try:
            values["organization_number"] = orgnr.normalize(values["organization_number"])
        except ValidationError as error:
            raise ValidationError({"organization_number": error.messages}) from error
    before = {name: getattr(payer, name) for name in values}
    for name, value in values.items():
        setattr(payer, name, value)
    payer.full_clean()
    payer.save()
    if payer.stripe_customer_id:
        stripe_client.customer_update(payer=payer)
    _audit(
        organization=payer.account.organization,
        by=by,
        action="billing.payer_changed",
        obj=payer,
        before=before,
        after={name: getattr(payer, name) for name in values},
    )
    return payer


@transaction.atomic
def account_split_set(
    *,
    account: BillingAccount,
    method: str,
    by: Any,
    custom_percent: dict[int, Decimal] | None = None,
) -> dict[int, int]:
    """Choose how a group splits its subscription; return each payer's yearly share in öre.

    Takes effect for subscriptions started afterwards (``subscriptions_start``).
    """
    if method not in SplitMethod.values:
        raise ValidationError({"split_method": [_("Okänd fördelning.")]})
    payers = list(account.payers.order_by("pk"))
    if method == SplitMethod.CUSTOM:
        given = {payer.pk: (custom_percent or {}).get(payer.pk) for payer in payers}
        checked = split.custom_weights_valid({str(pk): v for pk, v in given.items()})
        for payer in payers:
            payer.custom_share_percent = checked[str(payer.pk)]
            payer.save(update_fields=["custom_share_percent"])
    before = account.split_method
    account.split_method = method
    account.save(update_fields=["split_method", "updated_at"])
    _audit(
        organization=account.organization,
        by=by,
        action="billing.split_changed",
        obj=account,
        before={"split_method": before},
        after={"split_method": method},
    )
    return shares_of(account=account)


def shares_of(*, account: BillingAccount) -> dict[int, int]:
    """Each payer's yearly share (öre, excluding VAT) of the account's plan."""
    payers = list(account.payers.order_by("pk"))
    total = account.plan.yearly_price_ore
    if account.split_method == SplitMethod.SINGLE or len(payers) == 1:
        return {payers[0].pk: total} if payers else {}
    if account.split_method == SplitMethod.EQUAL:
        weights: dict[str, Any] = {f"{p.pk:012d}": 1 for p in payers}
    elif account.split_method == SplitMethod.POPULATION:
        known = geography.municipalities()
        weights = {
            f"{p.pk:012d}": known[p.municipality_code].population
            if p.municipality_code in known
            else 0
            for p in payers
        }
    else:
        weights = {f"{p.pk:012d}": p.custom_share_percent or 0 for p in payers}
    return {
        int(key): amount
        for key, amount in split.by_weights(total_ore=total, weights=weights).items()
    }


# --- Subscriptions ---------------------------------------------------------------------


@transaction.atomic
def subscriptions_start(*, account: BillingAccount, by: Any) -> list[Subscription]:
    """Create each payer's Stripe customer and subscription (its share of the plan).

    Paid by invoice with 30 days to pay, or by card; a trial still running
    ends on its date, when Stripe sends the first invoice.
    """
    account = BillingAccount.objects.select_for_update().get(pk=account.pk)
    payers = list(account.payers.order_by("pk"))
    incomplete = [payer.name for payer in payers if not payer.is_complete]
    if incomplete:
        raise ValidationError(
            _("Faktureringsuppgifterna saknas för: %(names)s.") % {"names": ", ".join(incomplete)}
        )
    if Subscription.objects.live().filter(payer__account=account).exists():
        raise ValidationError(_("Abonnemanget har redan prenumerationer i Stripe."))
    plan = account.plan
    shares = shares_of(account=account)
    tax_rate = stripe_client.tax_rate_ensure()
    trial_end = None
    if account.trial_ends_on and account.trial_ends_on > timezone.localdate():
        trial_end = int(
            datetime.datetime.combine(
                account.trial_ends_on, datetime.time(12), tzinfo=datetime.UTC
            ).timestamp()
        )
    made = []
    for payer in payers:
        if not payer.stripe_customer_id:
            payer.stripe_customer_id = stripe_client.customer_create(payer=payer)
            payer.save(update_fields=["stripe_customer_id"])
        amount = shares[payer.pk]
        plan_id = stripe_client.plan_ensure(
            plan=plan,
            amount_ore=None if amount == plan.yearly_price_ore else amount,
            nickname=f"{plan.name} – {payer.name}",
        )
        remote = stripe_client.subscription_create(
            customer_id=payer.stripe_customer_id,
            plan_id=plan_id,
            tax_rate_id=tax_rate,
            by_invoice=account.payment_method == PaymentMethod.INVOICE,
            trial_end=trial_end,
            metadata={"organization": account.organization.slug, "plan": plan.code},
        )
        mirrored = subscription_sync(remote=remote)
        if mirrored is not None:
            made.append(mirrored)
        latest = remote.get("latest_invoice")
        if latest:
            invoice_sync(remote=stripe_client.invoice_retrieve(invoice_id=str(latest)))
    _audit(
        organization=account.organization,
        by=by,
        action="billing.subscriptions_started",
        obj=account,
        after={"plan": plan.code, "shares_ore": {str(k): v for k, v in shares.items()}},
    )
    organization_status_follow(organization=account.organization, by=by)
    return made


@transaction.atomic
def account_plan_change(*, account: BillingAccount, plan_code: str, by: Any) -> BillingAccount:
    """Put the organisation on another plan, from its next invoice (no proration)."""
    plan = plans.plan_get(plan_code)
    before = account.plan_code
    account.plan_code = plan.code
    account.save(update_fields=["plan_code", "updated_at"])
    shares = shares_of(account=account)
    for subscription in Subscription.objects.live().filter(payer__account=account):
        amount = shares[subscription.payer_id]
        plan_id = stripe_client.plan_ensure(
            plan=plan,
            amount_ore=None if amount == plan.yearly_price_ore else amount,
            nickname=f"{plan.name} – {subscription.payer.name}",
        )
        remote = stripe_client.subscription_plan_set(
            subscription_id=subscription.stripe_id, plan_id=plan_id
        )
        subscription_sync(remote=remote)
    _audit(
        organization=account.organization,
        by=by,
        action="billing.plan_changed",
        obj=account,
        before={"plan": before},
        after={"plan": plan.code},
    )
    return account


@transaction.atomic
def account_grace_extend(
    *, account: BillingAccount, until: datetime.date, by: Any
) -> BillingAccount:
    """Give a past-due organisation until ``until`` to pay before it is suspended."""
    if until <= timezone.localdate():
        raise ValidationError({"until": [_("Anståndet måste gå ut efter i dag.")]})
    before = account.grace_extended_until
    account.grace_extended_until = until
    account.save(update_fields=["grace_extended_until", "updated_at"])
    _audit(
        organization=account.organization,
        by=by,
        action="billing.grace_extended",
        obj=account,
        before={"grace_extended_until": before},
        after={"grace_extended_until": until},
    )
    organization_status_follow(organization=account.organization, by=by)
    return account


@transaction.atomic
def subscriptions_cancel(*, account: BillingAccount, by: Any) -> BillingAccount:
    """End every subscription of the account; the organisation is archived, its data kept."""
    for subscription in Subscription.objects.live().filter(payer__account=account):
        subscription_sync(
            remote=stripe_client.subscription_cancel(subscription_id=subscription.stripe_id)
        )
    _audit(organization=account.organization, by=by, action="billing.cancelled", obj=account)
    organization_status_follow(organization=account.organization, by=by)
    return account


# --- The mirror: written only from objects fetched from Stripe ----------------------------


def _plan_id_of(remote: dict[str, Any]) -> str:
    items = (remote.get("items") or {}).get("data") or []
    if items:
        item = items[0]
        plan = item.get("plan") or item.get("price") or {}
        return str(plan.get("id", "")) if isinstance(plan, dict) else str(plan)
    plan = remote.get("plan") or {}
    return str(plan.get("id", "")) if isinstance(plan, dict) else str(plan)


def _amount_of(remote: dict[str, Any]) -> int:
    items = (remote.get("items") or {}).get("data") or []
    item = items[0] if items else {}
    plan = item.get("plan") or item.get("price") or remote.get("plan") or {}
    if isinstance(plan, dict):
        return int(plan.get("amount") or plan.get("unit_amount") or 0) * int(
            item.get("quantity") or 1
        )
    return 0


def _period_end_of(remote: dict[str, Any]) -> Any:
    items = (remote.get("items") or {}).get("data") or []
    # Newer API versions keep the period on the item.
    return remote.get("current_period_end") or (
        items[0].get("current_period_end") if items else None
    )


def subscription_sync(*, remote: dict[str, Any]) -> Subscription | None:
    """Mirror a subscription as fetched from Stripe; None for a customer we do not know."""
    payer = Payer.objects.filter(stripe_customer_id=str(remote.get("customer") or "")).first()
    if payer is None:
        logger.warning("Stripe subscription %s belongs to no payer here", remote.get("id"))
        return None
    plan_id = _plan_id_of(remote)
    code = plan_id.split("-")[1] if plan_id.startswith("idesluss-") else ""
    subscription, _created = Subscription.objects.update_or_create(
        stripe_id=str(remote["id"]),
        defaults={
            "payer": payer,
            "plan_code": code,
            "stripe_plan_id": plan_id,
            "amount_ore": _amount_of(remote),
            "status": str(remote.get("status") or ""),
            "current_period_end": _when(_period_end_of(remote)),
            "trial_end": _when(remote.get("trial_end")),
            "cancel_at_period_end": bool(remote.get("cancel_at_period_end")),
        },
    )
    return subscription


def _subscription_id_of_invoice(remote: dict[str, Any]) -> str:
    parent = remote.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return str(details.get("subscription") or remote.get("subscription") or "")


def _tax_of(remote: dict[str, Any]) -> int:
    if remote.get("tax") is not None:
        return int(remote["tax"])
    amounts = remote.get("total_taxes") or remote.get("total_tax_amounts") or []
    return sum(int(a.get("amount") or 0) for a in amounts)


def invoice_sync(*, remote: dict[str, Any]) -> Invoice | None:
    """Mirror an invoice as fetched from Stripe; None for a customer we do not know."""
    payer = Payer.objects.filter(stripe_customer_id=str(remote.get("customer") or "")).first()
    if payer is None:
        logger.warning("Stripe invoice %s belongs to no payer here", remote.get("id"))
        return None
    subscription = Subscription.objects.filter(
        stripe_id=_subscription_id_of_invoice(remote)
    ).first()
    transitions = remote.get("status_transitions") or {}
    lines = [
        {
            "description": str(line.get("description") or ""),
            "quantity": int(line.get("quantity") or 1),
            "amount_ore": int(line.get("amount") or 0),
        }
        for line in ((remote.get("lines") or {}).get("data") or [])
    ]
    subtotal = int(remote.get("subtotal") or 0)
    tax = _tax_of(remote)
    total = int(remote["total"]) if remote.get("total") is not None else subtotal + tax
    invoice, _created = Invoice.objects.update_or_create(
        stripe_id=str(remote["id"]),
        defaults={
            "payer": payer,
            "subscription": subscription,
            "number": str(remote.get("number") or ""),
            "status": str(remote.get("status") or ""),
            "currency": str(remote.get("currency") or plans.CURRENCY),
            "subtotal_ore": subtotal,
            "tax_ore": tax,
            "total_ore": total,
            "amount_paid_ore": int(remote.get("amount_paid") or 0),
            "issued_at": _when(remote.get("created") or remote.get("date")) or timezone.now(),
            "due_on": _day(remote.get("due_date")),
            "paid_at": _when(transitions.get("paid_at")),
            "period_start": _when(remote.get("period_start")),
            "period_end": _when(remote.get("period_end")),
            "hosted_invoice_url": str(remote.get("hosted_invoice_url") or ""),
            "invoice_pdf": str(remote.get("invoice_pdf") or ""),
            "lines": lines,
        },
    )
    return invoice


# --- Lifecycle -------------------------------------------------------------------------


def facts_of(*, organization: Organization, today: datetime.date) -> lifecycle.Facts:
    subscriptions = Subscription.objects.filter(payer__account__organization=organization)
    invoices = Invoice.objects.filter(payer__account__organization=organization)
    overdue = [
        invoice.due_date
        for invoice in invoices.filter(status__in=lifecycle.OVERDUE_INVOICE)
        if invoice.due_date < today
    ]
    return lifecycle.Facts(
        subscriptions=subscriptions.count(),
        live_subscriptions=subscriptions.live().count(),
        oldest_overdue=min(overdue) if overdue else None,
        has_paid_invoice=invoices.filter(status="paid", amount_paid_ore__gt=0).exists(),
    )


@transaction.atomic
def organization_status_follow(
    *, organization: Organization, by: Any = None, today: datetime.date | None = None
) -> str:
    """Set the organisation's status from its subscriptions; audit and mail a change."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    today = today or timezone.localdate()
    account = BillingAccount.objects.filter(organization=organization).first()
    status = lifecycle.status_for(
        facts=facts_of(organization=organization, today=today),
        current=organization.status,
        today=today,
        grace_days=grace_days(),
        grace_extended_until=account.grace_extended_until if account else None,
    )
    before = organization.status
    if status != before:
        organization_services.organization_set_status(
            organization=organization, status=status, by=by
        )
        if account is not None:
            _audit(
                organization=organization,
                by=by,
                action="billing.status_followed",
                obj=account,
                before={"status": before},
                after={"status": status},
                platform=False,
            )
        _status_changed_notify(organization=organization, before=before, after=status)
    return status


def _status_changed_notify(*, organization: Organization, before: str, after: str) -> None:
    organization_id = organization.pk
    transaction.on_commit(
        lambda: notifications.status_changed_mail(
            organization_id=organization_id, before=before, after=after
        )
    )


def _audit(
    *,
    organization: Organization,
    by: Any,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    platform: bool = True,
) -> None:
    """Record ``action`` in the platform's log and in the organisation's own audit log."""
    from tenants.audit.services import audit_event_record, json_safe

    if platform:
        audit_record(
            actor=by,
            organization=organization,
            action=action,
            target=str(obj),
            before=json_safe(dict(before or {})),
            after=json_safe(dict(after or {})),
        )
    with schema_context(organization.schema_name):
        audit_event_record(actor=by, action=action, obj=obj, before=before, after=after)


# --- Webhook events: stored first, handled once ------------------------------------------


def event_record(*, event: dict[str, Any]) -> tuple[StripeEvent, bool]:
    """Store a verified event by its id; return it and whether it is new."""
    data = (event.get("data") or {}).get("object") or {}
    return StripeEvent.objects.get_or_create(
        stripe_id=str(event["id"]),
        defaults={
            "type": str(event.get("type") or ""),
            "object_type": str(data.get("object") or ""),
            "object_id": str(data.get("id") or ""),
        },
    )


HANDLED_PREFIXES = ("customer.subscription.", "invoice.")


@transaction.atomic
def event_handle(*, stripe_event_id: str) -> StripeEvent:
    """Handle a stored event once: fetch its object's current state from Stripe and follow it.

    An event of a type we do not handle is marked ignored. An event already
    handled or ignored does nothing (a replay); a failed one is tried again.
    """
    event = StripeEvent.objects.select_for_update().get(stripe_id=stripe_event_id)
    if event.outcome in (EventOutcome.HANDLED, EventOutcome.IGNORED):
        return event
    organization = None
    if event.type.startswith("customer.subscription.") and event.object_id:
        subscription = subscription_sync(
            remote=stripe_client.subscription_retrieve(subscription_id=event.object_id)
        )
        if subscription is not None:
            organization = subscription.payer.account.organization
    elif event.type.startswith("invoice.") and event.object_id:
        remote = stripe_client.invoice_retrieve(invoice_id=event.object_id)
        subscription_id = _subscription_id_of_invoice(remote)
        if subscription_id:
            subscription_sync(
                remote=stripe_client.subscription_retrieve(subscription_id=subscription_id)
            )
        invoice = invoice_sync(remote=remote)
        if invoice is not None:
            organization = invoice.payer.account.organization
    else:
        event.outcome = EventOutcome.IGNORED
        event.handled_at = timezone.now()
        event.save(update_fields=["outcome", "handled_at"])
        return event
    if organization is not None:
        organization_status_follow(organization=organization)
    event.outcome = EventOutcome.HANDLED
    event.handled_at = timezone.now()
    event.error = ""
    event.save(update_fields=["outcome", "handled_at", "error"])
    return event


def event_failed(*, stripe_event_id: str, error: str) -> None:
    StripeEvent.objects.filter(stripe_id=stripe_event_id).update(
        outcome=EventOutcome.FAILED, error=error[:2000]
    )


# --- Daily reconciliation --------------------------------------------------------------------


@dataclass
class Reconciliation:
    organization: str
    repaired: list[str] = field(default_factory=list)
    status: str = ""


def _mirror_state(*, account: BillingAccount) -> dict[str, tuple[str, int]]:
    state = {
        s.stripe_id: (s.status, s.amount_ore)
        for s in Subscription.objects.filter(payer__account=account)
    }
    state |= {
        i.stripe_id: (i.status, i.total_ore) for i in Invoice.objects.filter(payer__account=account)
    }
    return state


@transaction.atomic
def account_reconcile(
    *, account: BillingAccount, today: datetime.date | None = None
) -> Reconciliation:
    """Fetch every subscription and invoice of the account from Stripe, repair the mirror,
    report what differed, and let the status follow (a grace period may have run out)."""
    result = Reconciliation(organization=account.organization.slug)
    before = _mirror_state(account=account)
    for payer in account.payers.exclude(stripe_customer_id=""):
        for remote in stripe_client.subscriptions_of(customer_id=payer.stripe_customer_id):
            subscription_sync(remote=remote)
        for remote in stripe_client.invoices_of(customer_id=payer.stripe_customer_id):
            invoice_sync(remote=remote)
    after = _mirror_state(account=account)
    result.repaired = sorted(key for key in after if before.get(key) != after[key])
    if result.repaired:
        logger.warning("Billing reconcile repaired %s: %s", result.organization, result.repaired)
    result.status = organization_status_follow(organization=account.organization, today=today)
    return result
