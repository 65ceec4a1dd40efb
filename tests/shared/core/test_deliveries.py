"""A mail a task sends is claimed before it leaves, and never sent twice (decision 0013)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared.core import deliveries
from shared.core.models import Delivery


def message() -> EmailMessage:
    return EmailMessage("Ämne", "Text", None, ["mottagare@example.org"])


def send(**fields: object) -> bool:
    values: dict = {
        "purpose": "ideas.stage_change",
        "object_key": 7,
        "recipient": "person:3",
        "message": message,
    }
    return deliveries.send_once(**{**values, **fields})


@pytest.mark.django_db
class TestSendOnce:
    def test_sends_the_mail_and_marks_its_claim_sent(self):
        assert send() is True

        delivery = Delivery.objects.get()
        assert len(mail.outbox) == 1
        assert delivery.sent_at is not None
        assert mail.outbox[0].extra_headers["Message-ID"] == deliveries.message_id(delivery)

    def test_a_second_run_sends_nothing(self):
        send()

        assert send() is False
        assert len(mail.outbox) == 1

    def test_the_same_ids_in_another_organisations_schema_are_another_delivery(
        self, tenant_a, tenant_b
    ):
        with schema_context(tenant_a.schema_name):
            assert send() is True
        with schema_context(tenant_b.schema_name):
            assert send() is True

        assert sorted(Delivery.objects.values_list("schema_name", flat=True)) == ["alfa", "beta"]

    def test_a_refused_mail_releases_its_claim_so_the_retry_sends_it(self):
        def refused() -> EmailMessage:
            raise ConnectionRefusedError("the mail server is down")

        with pytest.raises(ConnectionRefusedError):
            send(message=refused)

        assert not Delivery.objects.exists()
        assert send() is True

    def test_a_worker_that_dies_while_sending_leaves_an_unconfirmed_claim_never_resent(self):
        class Killed(BaseException):
            """Stands for SIGKILL: nothing after it runs, no handler sees it."""

        def dies() -> EmailMessage:
            raise Killed

        with pytest.raises(Killed):
            send(message=dies)

        assert send() is False
        assert Delivery.objects.get().sent_at is None
        assert mail.outbox == []

    def test_counts_claims_left_unconfirmed_for_monitoring(self):
        Delivery.objects.create(
            purpose="ideas.stage_change", schema_name="alfa", object_key="1", recipient="person:1"
        )
        later = deliveries.UNCONFIRMED_AFTER * 2

        assert deliveries.deliveries_unconfirmed() == 0
        assert deliveries.deliveries_unconfirmed(now=timezone.now() + later) == 1

    def test_refuses_an_undeclared_purpose(self):
        with pytest.raises(ValueError, match="Undeclared"):
            send(purpose="ideas.something_else")

    def test_refuses_to_claim_inside_a_transaction_that_could_roll_it_back(self):
        with transaction.atomic(), pytest.raises(RuntimeError):
            send()
