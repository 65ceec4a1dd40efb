"""Billing against localstripe, a real local Stripe stand-in started by the suite."""

from __future__ import annotations

import datetime

import pytest
import stripe
from django.core.management import call_command
from django.utils import timezone

from billing import plans, services, stripe_client
from billing.models import Invoice, Subscription
from shared.organizations.models import OrganizationStatus

pytestmark = pytest.mark.django_db


def _client() -> stripe.StripeClient:
    return stripe_client._client()


class TestPlanSync:
    def test_creates_every_plan_with_its_yearly_price_in_sek_and_the_vat_rate(
        self, localstripe, capsys
    ):
        call_command("billing_sync_plans")
        for plan in plans.PLANS:
            remote = _client().v1.plans.retrieve(plan.stripe_plan_id)
            assert (remote.amount, remote.currency, remote.interval) == (
                plan.yearly_price_ore,
                "sek",
                "year",
            )
        rate = _client().v1.tax_rates.retrieve(stripe_client.tax_rate_ensure())
        assert (rate.percentage, rate.inclusive) == (25, False)

    def test_running_it_twice_creates_nothing_new(self, localstripe):
        call_command("billing_sync_plans")
        first = stripe_client.tax_rate_ensure()
        call_command("billing_sync_plans")
        assert stripe_client.tax_rate_ensure() == first


class TestSubscriptionsStart:
    def test_a_trial_gives_one_customer_with_its_details_and_a_trialing_subscription(
        self, localstripe, account
    ):
        [subscription] = services.subscriptions_start(account=account, by=None)
        payer = account.payers.get()
        customer = _client().v1.customers.retrieve(payer.stripe_customer_id)
        assert customer.metadata["organization_number"] == "212000-0563"
        assert customer.metadata["buyer_reference"] == "Anna Andersson"
        assert customer.address.city == "Tranås"
        # Stripe says trialing; localstripe has no trials of its own and says incomplete.
        assert subscription.status in {"trialing", "incomplete"}
        assert subscription.trial_end is not None
        assert subscription.amount_ore == account.plan.yearly_price_ore
        account.organization.refresh_from_db()
        assert account.organization.status == OrganizationStatus.TRIAL

    def test_a_group_is_split_per_inhabitant_one_subscription_per_member(
        self, localstripe, tenant_b
    ):
        account = services.billing_account_open(organization=tenant_b, by=None)
        for payer in account.payers.all():
            from tests.billing.conftest import complete_payer

            complete_payer(payer)
        made = services.subscriptions_start(account=account, by=None)
        assert len(made) == len(tenant_b.municipality_codes)
        assert sum(s.amount_ore for s in made) == account.plan.yearly_price_ore
        assert len({s.payer.stripe_customer_id for s in made}) == len(made)


class TestFirstInvoicePaid:
    def test_turns_the_trial_active(self, localstripe, account):
        """localstripe charges a subscription without a trial at once, so the customer
        needs a card there: created in localstripe by the test (never by the platform,
        which only ever sees Stripe's ids)."""
        payer = account.payers.get()
        payer.stripe_customer_id = stripe_client.customer_create(payer=payer)
        payer.save()
        card = _client().v1.payment_methods.create(
            params={
                "type": "card",
                "card": {
                    "number": "4242424242424242",
                    "exp_month": 12,
                    "exp_year": 2035,
                    "cvc": "123",
                },
            }
        )
        _client().v1.payment_methods.attach(card.id, params={"customer": payer.stripe_customer_id})
        _client().v1.customers.update(
            payer.stripe_customer_id,
            params={"invoice_settings": {"default_payment_method": card.id}},
        )
        account.trial_ends_on = timezone.localdate() - datetime.timedelta(days=1)
        account.save()

        services.subscriptions_start(account=account, by=None)

        invoice = Invoice.objects.get(payer=payer)
        assert invoice.status == "paid"
        assert invoice.subtotal_ore == account.plan.yearly_price_ore
        assert invoice.tax_ore == account.plan.vat_ore
        assert invoice.total_ore == account.plan.total_ore
        account.organization.refresh_from_db()
        assert account.organization.status == OrganizationStatus.ACTIVE


class TestReconcile:
    def test_repairs_a_mirror_that_missed_an_event(self, localstripe, account):
        [subscription] = services.subscriptions_start(account=account, by=None)
        in_stripe = subscription.status
        Subscription.objects.filter(pk=subscription.pk).update(status="canceled")
        result = services.account_reconcile(account=account)
        assert result.repaired == [subscription.stripe_id]
        subscription.refresh_from_db()
        assert subscription.status == in_stripe

    def test_a_cancelled_subscription_archives_the_organisation(self, localstripe, account):
        services.subscriptions_start(account=account, by=None)
        services.subscriptions_cancel(account=account, by=None)
        account.organization.refresh_from_db()
        assert account.organization.status == OrganizationStatus.ARCHIVED
