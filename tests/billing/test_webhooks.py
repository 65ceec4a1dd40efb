"""Stripe's webhook: signature, storage by id, one handling, the object's current state.

localstripe has no ``collection_method=send_invoice`` (and so no invoice
left open with 30 days to pay, nor one going overdue), so that path is
tested with events signed here with Stripe's own scheme (HMAC-SHA256 over
``"<timestamp>.<payload>"``, checked by ``stripe.Webhook.construct_event``)
and Stripe's side stood in for at its edge, ``billing.stripe_client``.
"""

from __future__ import annotations

import datetime
import random
import time
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings, strategies

from billing import services, stripe_client
from billing.models import EventOutcome, StripeEvent
from shared.organizations.models import Organization, OrganizationStatus
from tests.billing.conftest import event_payload, signature_header

pytestmark = pytest.mark.django_db

URL = "/stripe/webhook/"
DAY = 86400


class FakeStripe:
    """Stripe's current state of each object, as the one client would fetch it."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}

    def install(self, monkeypatch: Any) -> None:
        monkeypatch.setattr(
            stripe_client,
            "subscription_retrieve",
            lambda *, subscription_id: self.objects[subscription_id],
        )
        monkeypatch.setattr(
            stripe_client, "invoice_retrieve", lambda *, invoice_id: self.objects[invoice_id]
        )


def subscription(customer: str, status: str, sub_id: str = "sub_1") -> dict[str, Any]:
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "items": {
            "data": [
                {
                    "id": "si_1",
                    "plan": {"id": "idesluss-small-3600000-sek-year", "amount": 3_600_000},
                    "quantity": 1,
                    "current_period_end": int(time.time()) + 365 * DAY,
                }
            ]
        },
    }


def invoice(
    customer: str, status: str, *, due_in_days: int, inv_id: str = "in_1"
) -> dict[str, Any]:
    now = int(time.time())
    return {
        "id": inv_id,
        "object": "invoice",
        "customer": customer,
        "status": status,
        "number": "IDS-0001",
        "currency": "sek",
        "subtotal": 3_600_000,
        "tax": 900_000,
        "total": 4_500_000,
        "amount_paid": 4_500_000 if status == "paid" else 0,
        "created": now - 40 * DAY,
        "due_date": now + due_in_days * DAY,
        "collection_method": "send_invoice",
        "status_transitions": {"paid_at": now if status == "paid" else None},
        "parent": {"subscription_details": {"subscription": "sub_1"}},
        "hosted_invoice_url": "https://invoice.stripe.com/i/test",
        "invoice_pdf": "https://pay.stripe.com/invoice/test/pdf",
        "lines": {"data": [{"description": "Idésluss liten", "quantity": 1, "amount": 3_600_000}]},
    }


def post(payload: bytes, header: str | None) -> Any:
    client = Client(HTTP_HOST="localhost")
    headers = {"HTTP_STRIPE_SIGNATURE": header} if header is not None else {}
    return client.post(URL, payload, content_type="application/json", **headers)


def status_of(account: Any) -> str:
    return Organization.objects.get(pk=account.organization_id).status


class TestSignature:
    def test_a_forged_signature_is_refused_with_400_and_nothing_stored(self, stripe_state, account):
        stripe_state.objects["in_1"] = invoice("cus_alfa", "paid", due_in_days=-5)
        payload = event_payload("evt_forged", "invoice.paid", {"id": "in_1", "object": "invoice"})
        response = post(payload, signature_header(payload, secret="whsec_someone_else"))
        assert response.status_code == 400
        assert not StripeEvent.objects.filter(stripe_id="evt_forged").exists()
        assert status_of(account) == OrganizationStatus.TRIAL

    def test_a_missing_signature_is_refused(self, stripe_state):
        payload = event_payload("evt_unsigned", "invoice.paid", {"id": "in_1", "object": "invoice"})
        assert post(payload, None).status_code == 400
        assert not StripeEvent.objects.exists()

    def test_a_timestamp_older_than_300_seconds_is_refused(self, stripe_state, account):
        stripe_state.objects["in_1"] = invoice("cus_alfa", "paid", due_in_days=-5)
        payload = event_payload("evt_stale", "invoice.paid", {"id": "in_1", "object": "invoice"})
        response = post(payload, signature_header(payload, at=int(time.time()) - 301))
        assert response.status_code == 400
        assert not StripeEvent.objects.filter(stripe_id="evt_stale").exists()
        assert status_of(account) == OrganizationStatus.TRIAL

    def test_a_get_is_not_allowed(self, stripe_state):
        assert Client(HTTP_HOST="localhost").get(URL).status_code == 405


class TestHandledOnce:
    def test_a_paid_invoice_turns_the_trial_active(self, stripe_state, account):
        stripe_state.objects["sub_1"] = subscription("cus_alfa", "active")
        stripe_state.objects["in_1"] = invoice("cus_alfa", "paid", due_in_days=20)
        payload = event_payload("evt_paid", "invoice.paid", {"id": "in_1", "object": "invoice"})
        response = post(payload, signature_header(payload))
        assert response.status_code == 200
        assert response.json()["outcome"] == EventOutcome.HANDLED
        assert status_of(account) == OrganizationStatus.ACTIVE

    def test_a_replay_does_nothing(self, stripe_state, account, monkeypatch):
        stripe_state.objects["sub_1"] = subscription("cus_alfa", "active")
        stripe_state.objects["in_1"] = invoice("cus_alfa", "paid", due_in_days=20)
        payload = event_payload("evt_once", "invoice.paid", {"id": "in_1", "object": "invoice"})
        assert post(payload, signature_header(payload)).status_code == 200
        fetched: list[str] = []
        monkeypatch.setattr(
            stripe_client, "invoice_retrieve", lambda *, invoice_id: fetched.append(invoice_id)
        )
        replay = post(payload, signature_header(payload))
        assert replay.status_code == 200
        assert fetched == []
        assert StripeEvent.objects.filter(stripe_id="evt_once").count() == 1

    def test_an_unknown_type_is_stored_and_ignored(self, stripe_state, account):
        payload = event_payload(
            "evt_other", "charge.dispute.created", {"id": "dp_1", "object": "dispute"}
        )
        response = post(payload, signature_header(payload))
        assert response.status_code == 200
        event = StripeEvent.objects.get(stripe_id="evt_other")
        assert (event.type, event.outcome) == ("charge.dispute.created", EventOutcome.IGNORED)
        assert status_of(account) == OrganizationStatus.TRIAL

    def test_the_handler_acts_on_the_current_state_not_the_payload(self, stripe_state, account):
        stripe_state.objects["sub_1"] = subscription("cus_alfa", "active")
        stripe_state.objects["in_1"] = invoice("cus_alfa", "paid", due_in_days=-3)
        stale = invoice("cus_alfa", "open", due_in_days=-3)
        payload = event_payload("evt_late", "invoice.finalized", stale)
        post(payload, signature_header(payload))
        assert status_of(account) == OrganizationStatus.ACTIVE


# One history of a subscription paid by invoice: each step is Stripe's state then,
# and the event it sent (whose payload is the snapshot at that step).
def _history(
    customer: str, ending: str
) -> tuple[list[tuple[str, str, dict[str, Any]]], dict[str, dict[str, Any]]]:
    steps = [
        ("evt_1", "customer.subscription.created", subscription(customer, "active")),
        ("evt_2", "invoice.created", invoice(customer, "draft", due_in_days=30)),
        ("evt_3", "invoice.finalized", invoice(customer, "open", due_in_days=30)),
        ("evt_4", "invoice.overdue", invoice(customer, "open", due_in_days=-45)),
        ("evt_5", "customer.subscription.updated", subscription(customer, "past_due")),
    ]
    final_subscription, final_invoice = (
        subscription(customer, "past_due"),
        invoice(customer, "open", due_in_days=-45),
    )
    if ending in {"paid", "paid_late"}:
        final_invoice = invoice(customer, "paid", due_in_days=-45)
        final_subscription = subscription(customer, "active")
        steps += [
            ("evt_6", "invoice.paid", final_invoice),
            ("evt_7", "customer.subscription.updated", final_subscription),
        ]
    elif ending == "canceled":
        final_subscription = subscription(customer, "canceled")
        final_invoice = invoice(customer, "void", due_in_days=-45)
        steps += [
            ("evt_6", "invoice.voided", final_invoice),
            ("evt_7", "customer.subscription.deleted", final_subscription),
        ]
    return steps, {"sub_1": final_subscription, "in_1": final_invoice}


def _deliver(stream: list[tuple[str, str, dict[str, Any]]]) -> None:
    for event_id, event_type, obj in stream:
        payload = event_payload(event_id, event_type, obj)
        assert post(payload, signature_header(payload)).status_code == 200


class TestOrderDoesNotMatter:
    @settings(
        max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        ending=strategies.sampled_from(["unpaid", "paid", "canceled"]),
        seed=strategies.integers(min_value=0, max_value=2**32 - 1),
        duplicates=strategies.integers(min_value=0, max_value=6),
    )
    def test_a_shuffled_stream_with_duplicates_ends_in_the_status_of_the_ordered_one(
        self, stripe_state, account, ending, seed, duplicates
    ):
        steps, final = _history("cus_alfa", ending)
        stripe_state.objects.update(final)
        shuffled = list(steps)
        rng = random.Random(seed)
        shuffled += [rng.choice(steps) for _ in range(duplicates)]
        rng.shuffle(shuffled)

        outcomes = []
        for stream in (steps, shuffled):
            with transaction.atomic():
                _deliver(stream)
                outcomes.append(status_of(account))
                transaction.set_rollback(True)
        expected = {
            "unpaid": OrganizationStatus.SUSPENDED,  # 45 days overdue, 30 days' grace
            "paid": OrganizationStatus.ACTIVE,
            "canceled": OrganizationStatus.ARCHIVED,
        }[ending]
        assert outcomes == [expected, expected]


class TestGracePeriod:
    def test_an_overdue_invoice_makes_it_past_due_then_suspended_after_the_grace(
        self, stripe_state, account
    ):
        stripe_state.objects["sub_1"] = subscription("cus_alfa", "past_due")
        stripe_state.objects["in_1"] = invoice("cus_alfa", "open", due_in_days=-5)
        payload = event_payload("evt_due", "invoice.overdue", {"id": "in_1", "object": "invoice"})
        post(payload, signature_header(payload))
        assert status_of(account) == OrganizationStatus.PAST_DUE
        later = timezone.localdate() + datetime.timedelta(days=30)
        services.organization_status_follow(organization=account.organization, today=later)
        assert status_of(account) == OrganizationStatus.SUSPENDED

    def test_an_extended_grace_keeps_it_past_due(self, stripe_state, account):
        stripe_state.objects["sub_1"] = subscription("cus_alfa", "past_due")
        stripe_state.objects["in_1"] = invoice("cus_alfa", "open", due_in_days=-40)
        payload = event_payload("evt_due", "invoice.overdue", {"id": "in_1", "object": "invoice"})
        post(payload, signature_header(payload))
        assert status_of(account) == OrganizationStatus.SUSPENDED
        services.account_grace_extend(
            account=account, until=timezone.localdate() + datetime.timedelta(days=10), by=None
        )
        assert status_of(account) == OrganizationStatus.PAST_DUE
