"""The organisation's status follows its subscription: what members may do and are told."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from billing import services
from billing.models import Invoice, StripeEvent, Subscription
from shared.core.models import AuditEntry
from shared.organizations.models import OrganizationStatus
from tenants.audit.models import AuditEvent
from tests.billing.conftest import event_payload, signature_header
from tests.billing.test_webhooks import invoice, subscription

pytestmark = pytest.mark.django_db


def _mirror(account, *, invoice_status: str, due_in_days: int) -> None:  # type: ignore[no-untyped-def]
    payer = account.payers.get()
    payer.stripe_customer_id = "cus_alfa"
    payer.save()
    services.subscription_sync(remote=subscription("cus_alfa", "active"))
    services.invoice_sync(remote=invoice("cus_alfa", invoice_status, due_in_days=due_in_days))
    services.organization_status_follow(organization=account.organization)
    account.organization.refresh_from_db()


def _client(person, host: str = "alfa.localhost") -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=host)
    client.force_login(person)
    return client


class TestSuspension:
    def test_members_read_and_export_but_do_not_write_until_it_is_paid(self, account, member_of):
        _mirror(account, invoice_status="open", due_in_days=-45)
        assert account.organization.status == OrganizationStatus.SUSPENDED
        person = member_of(account.organization, role="admin")
        client = _client(person)
        assert client.get("/behov/").status_code == 200
        assert client.get("/behov/export.csv").status_code == 200
        assert (
            client.post("/behov/", {"title": "Nytt behov", "description": "x"}).status_code == 403
        )
        api = client.post(
            "/api/v1/needs/", {"title": "Nytt", "description": "x"}, content_type="application/json"
        )
        assert api.status_code == 403
        assert api.json()["error"]["code"] == "read_only"
        connection.set_schema_to_public()

        services.invoice_sync(remote=invoice("cus_alfa", "paid", due_in_days=-45))
        services.organization_status_follow(organization=account.organization)
        account.organization.refresh_from_db()
        assert account.organization.status == OrganizationStatus.ACTIVE
        api = _client(person).post(
            "/api/v1/needs/",
            {"title": "Nytt behov", "description": "Nu går det"},
            content_type="application/json",
        )
        assert api.status_code == 201, api.content

    def test_past_due_admins_see_a_banner_and_can_still_write(self, account, member_of):
        _mirror(account, invoice_status="open", due_in_days=-3)
        assert account.organization.status == OrganizationStatus.PAST_DUE
        admin = member_of(account.organization, role="admin")
        staff = member_of(account.organization, role="staff")
        assert "fakturering/" in _client(admin).get("/behov/").content.decode()
        connection.set_schema_to_public()
        assert "/fakturering/" not in _client(staff).get("/behov/").content.decode()
        connection.set_schema_to_public()
        response = _client(staff).post(
            "/api/v1/needs/",
            {"title": "Behov", "description": "x"},
            content_type="application/json",
        )
        assert response.status_code == 201


class TestEveryChangeIsRecorded:
    def test_in_both_audit_logs_and_mailed_to_the_admins(
        self, account, member_of, django_capture_on_commit_callbacks
    ):
        admin = member_of(account.organization, role="admin")
        member_of(account.organization, role="staff")
        with django_capture_on_commit_callbacks(execute=True):
            _mirror(account, invoice_status="open", due_in_days=-3)
        assert AuditEntry.objects.filter(
            organization=account.organization,
            action="organization.status_changed",
            after={"status": "past_due"},
        ).exists()
        connection.set_tenant(account.organization)
        assert AuditEvent.objects.filter(
            action="billing.status_followed", after__status="past_due"
        ).exists()
        connection.set_schema_to_public()
        [message] = [m for m in mail.outbox if "Förfallen betalning" in m.subject]
        assert message.to == [admin.email]


class TestNoCardData:
    def test_a_card_in_an_event_is_neither_stored_nor_logged(self, stripe_state, account, caplog):
        stripe_state.objects["sub_1"] = subscription("cus_alfa", "active")
        paid = invoice("cus_alfa", "paid", due_in_days=10)
        stripe_state.objects["in_1"] = paid
        card = {
            "brand": "visa",
            "last4": "4242",
            "exp_month": 12,
            "exp_year": 2031,
            "fingerprint": "Xt5EWLLDS7FJjR1c",
        }
        event = {**paid, "payment_method_details": {"card": card}, "number": "IDS-0001"}
        payload = event_payload("evt_card", "invoice.paid", event)
        with caplog.at_level(logging.DEBUG):
            response = Client(HTTP_HOST="localhost").post(
                "/stripe/webhook/",
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature_header(payload),
            )
        assert response.status_code == 200
        stored = [
            *StripeEvent.objects.values(),
            *Invoice.objects.values(),
            *Subscription.objects.values(),
        ]
        for secret in ("4242", "Xt5EWLLDS7FJjR1c", "2031"):
            assert secret not in str(stored)
            assert secret not in caplog.text
