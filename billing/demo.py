"""Demo billing: every demo organisation on a plan with billing details; in Stripe if any.

With localstripe (``make run`` without STRIPE_SECRET_KEY) the subscriptions
exist there too: Lerum has paid its first invoice (localstripe charges a
test card it is given here; the platform never sees card data), the others
are on a trial. Idempotent: what exists is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable

from billing import orgnr, services, stripe_client
from billing.models import BillingAccount
from shared.organizations.models import Organization

PAID_DEMO = "lerum"


def _demo_number(code: str) -> str:
    """A Luhn-valid organisation number in the municipalities' range (212000-…), made up."""
    nine = f"212000{int(code or '0') % 1000:03d}"
    return f"{nine[:6]}-{nine[6:]}{orgnr.control_digit(nine)}"


def seed(*, log: Callable[[str], object] = print) -> dict[str, int]:
    from shared.core.demo import DEMO_SLUGS

    created = {"billing_accounts": 0, "billing_subscriptions": 0}
    for organization in Organization.objects.filter(slug__in=DEMO_SLUGS).order_by("slug"):
        if BillingAccount.objects.filter(organization=organization).exists():
            continue
        status = organization.status
        account = services.billing_account_open(organization=organization, by=None)
        for payer in account.payers.all():
            code = payer.municipality_code or (organization.municipality_codes or [""])[0]
            payer.organization_number = _demo_number(code)
            payer.address_line1 = "Box 100"
            payer.postal_code = "10000"
            payer.city = payer.name.removesuffix(" kommun")
            payer.buyer_reference = "Demo Ekonomi"
            payer.contact_name = "Demo Ekonomi"
            payer.contact_email = f"faktura.{organization.slug}@example.org"
            payer.save()
        created["billing_accounts"] += 1
        if not stripe_client.is_configured():
            # No Stripe to bill through: the demo organisation keeps the status it had.
            services.organization_services.organization_set_status(
                organization=organization, status=status, by=None
            )
            continue
        if organization.slug == PAID_DEMO and stripe_client.is_local():
            _pay_by_test_card(account)
        created["billing_subscriptions"] += len(
            services.subscriptions_start(account=account, by=None)
        )
        log(f"  billing: {organization.slug} on {account.plan_code}")
    return created


def _pay_by_test_card(account: BillingAccount) -> None:
    """localstripe only: give the payer a test card and end the trial, so the invoice is paid."""
    client = stripe_client._client()
    payer = account.payers.get()
    payer.stripe_customer_id = stripe_client.customer_create(payer=payer)
    payer.save(update_fields=["stripe_customer_id"])
    card = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"},
        }
    )
    client.v1.payment_methods.attach(card.id, params={"customer": payer.stripe_customer_id})
    client.v1.customers.update(
        payer.stripe_customer_id, params={"invoice_settings": {"default_payment_method": card.id}}
    )
    account.trial_ends_on = None
    account.save(update_fields=["trial_ends_on"])
