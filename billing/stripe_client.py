"""The one module that talks to Stripe. Everything else calls these functions.

Objects come back as plain dicts. Against ``localstripe`` (``STRIPE_API_BASE``
pointing at it, as ``make run`` does without ``STRIPE_SECRET_KEY``), two
things Stripe has are missing: prices (we use plans, which both have) and
``collection_method=send_invoice`` with ``days_until_due``; there a
subscription paid by invoice is created as one charged automatically, and
the send-invoice path is tested with signed events instead
(tests/billing/test_webhooks.py).
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from django.conf import settings

from billing import plans

logger = logging.getLogger(__name__)

STRIPE_API_BASE = "https://api.stripe.com"
WEBHOOK_TOLERANCE_SECONDS = 300
# Days an invoice sent to a municipality gives it to pay.
DAYS_UNTIL_DUE = 30
VAT_METADATA = {"idesluss": f"vat-{plans.VAT_PERCENT}"}

SignatureError = stripe.SignatureVerificationError
StripeError = stripe.StripeError


def is_configured() -> bool:
    return bool(getattr(settings, "STRIPE_SECRET_KEY", ""))


def api_base() -> str:
    return (getattr(settings, "STRIPE_API_BASE", "") or STRIPE_API_BASE).rstrip("/")


def is_local() -> bool:
    """Whether the client talks to a local stand-in (localstripe) rather than Stripe."""
    return api_base() != STRIPE_API_BASE


def _client() -> stripe.StripeClient:
    if not is_configured():
        raise StripeError("Stripe is not configured: set STRIPE_SECRET_KEY.")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": api_base()},
        max_network_retries=2,
    )


def _plain(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


# --- Plans ---------------------------------------------------------------------------


def tax_rate_ensure() -> str:
    """The id of the 25 % Swedish VAT rate, created the first time."""
    client = _client()
    for rate in client.v1.tax_rates.list(params={"limit": 100}).data:
        if (_plain(rate).get("metadata") or {}).get("idesluss") == VAT_METADATA["idesluss"]:
            return str(rate.id)
    params: dict[str, Any] = {
        "display_name": "Moms",
        "description": "Mervärdesskatt",
        "percentage": plans.VAT_PERCENT,
        "inclusive": False,
        "metadata": VAT_METADATA,
    }
    if not is_local():
        params |= {"country": "SE", "jurisdiction": "SE", "tax_type": "vat"}
    return str(client.v1.tax_rates.create(params=params).id)  # type: ignore[arg-type]


def plan_ensure(*, plan: plans.Plan, amount_ore: int | None = None, nickname: str = "") -> str:
    """Create the Stripe plan for ``plan`` (or a share of it, ``amount_ore``) unless it exists."""
    client = _client()
    amount = plan.yearly_price_ore if amount_ore is None else amount_ore
    plan_id = (
        plan.stripe_plan_id
        if amount_ore is None
        else f"idesluss-{plan.code}-share-{amount}-{plans.CURRENCY}-year"
    )
    if _exists(client.v1.plans, plan_id):
        return plan_id
    try:
        client.v1.products.retrieve(plan.stripe_product_id)
    except stripe.InvalidRequestError:
        client.v1.products.create(
            params={"id": plan.stripe_product_id, "name": f"Idésluss – {plan.code}"}
        )
    client.v1.plans.create(
        params={
            "id": plan_id,
            "amount": amount,
            "currency": plans.CURRENCY,
            "interval": "year",
            "product": plan.stripe_product_id,
            "nickname": nickname or str(plan.name),
        }
    )
    logger.info("Stripe plan %s created (%s öre a year, excl. VAT)", plan_id, amount)
    return plan_id


# --- Customers and subscriptions ----------------------------------------------------


def _customer_params(payer: Any) -> dict[str, Any]:
    return {
        "name": payer.name,
        "email": payer.contact_email,
        "address": {
            "line1": payer.address_line1,
            "line2": payer.address_line2,
            "postal_code": payer.postal_code,
            "city": payer.city,
            "country": "SE",
        },
        "preferred_locales": ["sv"],
        "metadata": {
            "organization_number": payer.organization_number,
            "buyer_reference": payer.buyer_reference,
            "contact_name": payer.contact_name,
            "municipality_code": payer.municipality_code,
        },
    }


def customer_create(*, payer: Any) -> str:
    return str(_client().v1.customers.create(params=_customer_params(payer)).id)  # type: ignore[arg-type]


def customer_update(*, payer: Any) -> None:
    _client().v1.customers.update(payer.stripe_customer_id, params=_customer_params(payer))  # type: ignore[arg-type]


def subscription_create(
    *,
    customer_id: str,
    plan_id: str,
    tax_rate_id: str,
    by_invoice: bool,
    trial_end: int | None,
    metadata: dict[str, str],
) -> dict[str, Any]:
    """Subscribe a customer: by invoice with 30 days to pay, or charged to their card."""
    params: dict[str, Any] = {
        "customer": customer_id,
        "items": [{"plan": plan_id, "quantity": 1}],
        "default_tax_rates": [tax_rate_id],
        "metadata": metadata,
    }
    if trial_end is not None:
        params["trial_end"] = trial_end
    if by_invoice and not is_local():
        params |= {"collection_method": "send_invoice", "days_until_due": DAYS_UNTIL_DUE}
    return _plain(_client().v1.subscriptions.create(params=params))  # type: ignore[arg-type]


def subscription_cancel(*, subscription_id: str) -> dict[str, Any]:
    return _plain(_client().v1.subscriptions.cancel(subscription_id))


def subscription_retrieve(*, subscription_id: str) -> dict[str, Any]:
    return _plain(_client().v1.subscriptions.retrieve(subscription_id))


def invoice_retrieve(*, invoice_id: str) -> dict[str, Any]:
    return _plain(_client().v1.invoices.retrieve(invoice_id))


def invoices_of(*, customer_id: str) -> list[dict[str, Any]]:
    listed = _client().v1.invoices.list(params={"customer": customer_id, "limit": 100})
    return [_plain(invoice) for invoice in listed.data]


def subscriptions_of(*, customer_id: str) -> list[dict[str, Any]]:
    listed = _client().v1.subscriptions.list(
        params={"customer": customer_id, "status": "all", "limit": 100}
    )
    return [_plain(subscription) for subscription in listed.data]


# --- Webhooks ------------------------------------------------------------------------


def event_verify(*, payload: bytes, signature: str | None) -> dict[str, Any]:
    """Check the ``Stripe-Signature`` of ``payload`` (300 s tolerance) and return the event.

    Raises ``SignatureError`` for a forged or stale signature and ``ValueError``
    for a payload that is not JSON.
    """
    event = stripe.Webhook.construct_event(
        payload,
        signature,
        settings.STRIPE_WEBHOOK_SECRET,
        tolerance=WEBHOOK_TOLERANCE_SECONDS,
    )
    return _plain(event)


def subscription_plan_set(*, subscription_id: str, plan_id: str) -> dict[str, Any]:
    """Move a subscription to another plan from its next period (no proration)."""
    client = _client()
    current = client.v1.subscriptions.retrieve(subscription_id)
    item_id = current["items"]["data"][0]["id"]
    updated = client.v1.subscriptions.update(
        subscription_id,
        params={"items": [{"id": item_id, "plan": plan_id}], "proration_behavior": "none"},
    )
    return _plain(updated)


def _exists(resource: Any, object_id: str) -> bool:
    """Tell whether Stripe knows ``object_id`` in ``resource`` (plans, products, ...)."""
    try:
        resource.retrieve(object_id)
    except stripe.InvalidRequestError:
        return False
    return True
