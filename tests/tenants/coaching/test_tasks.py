"""The daily fan-out: one reminder task per active organisation, each in its own schema.

Tasks run in-process here (no broker); tests/workers runs them on a real worker.
"""

import pytest
from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context

from config.celery import app
from shared.organizations.models import OrganizationStatus
from tenants.coaching import tasks
from tests.tenants.coaching.make import coached_idea, days, next_step
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners_in_both(tenant_a, tenant_b, member_of):  # type: ignore[no-untyped-def]
    """An owner of a due step in Alfa and one in Beta, each step carrying its tenant's canary."""
    owner_a = member_of(tenant_a, "staff")
    owner_b = member_of(tenant_b, "staff")
    with tenant_context(tenant_a):
        next_step(
            coached_idea(member_of(tenant_a, "coach")), owner_a, days(0), description=CANARY_A
        )
    with tenant_context(tenant_b):
        next_step(
            coached_idea(member_of(tenant_b, "coach")), owner_b, days(-1), description=CANARY_B
        )
    return owner_a, owner_b


class TestNextStepRemindersFanOut:
    def test_is_scheduled_daily_on_the_mail_queue(self, settings):
        schedule = settings.CELERY_BEAT_SCHEDULE["coaching-next-step-reminders"]

        assert schedule["task"] == "coaching.next_step_reminders_fan_out"
        assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({7}, {0})
        route = app.amqp.router.route({}, "coaching.next_step_reminders_send")
        assert route["queue"].name == "mail"

    def test_sends_one_task_per_active_organisation_each_in_its_schema(
        self, tenant_a, tenant_b, tenant_c, monkeypatch
    ):
        schemas = []
        monkeypatch.setattr(
            tasks.next_step_reminders_send,
            "delay",
            lambda **kwargs: schemas.append(connection.schema_name),
        )

        sent = tasks.next_step_reminders_fan_out.delay().get()

        assert sent == 3
        assert sorted(schemas) == ["alfa", "beta", "gamma"]

    def test_each_owner_gets_their_own_organisations_steps_only(self, owners_in_both):
        owner_a, owner_b = owners_in_both

        tasks.next_step_reminders_fan_out.delay()

        by_owner = {message.to[0]: message for message in mail.outbox}
        assert sorted(by_owner) == sorted([owner_a.email, owner_b.email])
        assert CANARY_A in by_owner[owner_a.email].body
        assert CANARY_B not in by_owner[owner_a.email].body
        assert CANARY_B in by_owner[owner_b.email].body
        assert CANARY_A not in by_owner[owner_b.email].body
        assert "http://alfa.localhost/" in by_owner[owner_a.email].body
        assert "http://beta.localhost/" in by_owner[owner_b.email].body

    def test_running_twice_the_same_day_sends_nothing_more(self, owners_in_both):
        tasks.next_step_reminders_fan_out.delay()
        tasks.next_step_reminders_fan_out.delay()

        assert len(mail.outbox) == 2

    @pytest.mark.parametrize("status", [OrganizationStatus.SUSPENDED, OrganizationStatus.ARCHIVED])
    def test_leaves_out_suspended_and_archived_organisations(
        self, owners_in_both, tenant_b, status
    ):
        owner_a, _owner_b = owners_in_both
        tenant_b.status = status
        tenant_b.save()

        tasks.next_step_reminders_fan_out.delay()

        assert [message.to for message in mail.outbox] == [[owner_a.email]]

    def test_reminds_a_past_due_organisation_still_in_its_grace_period(
        self, owners_in_both, tenant_b
    ):
        owner_a, owner_b = owners_in_both
        tenant_b.status = OrganizationStatus.PAST_DUE
        tenant_b.save()

        tasks.next_step_reminders_fan_out.delay()

        assert sorted(message.to[0] for message in mail.outbox) == sorted(
            [owner_a.email, owner_b.email]
        )

    def test_leaves_the_connection_in_the_public_schema(self, tenant_a, monkeypatch):
        monkeypatch.setattr(tasks.next_step_reminders_send, "delay", lambda **kwargs: None)

        tasks.next_step_reminders_fan_out.delay()

        assert connection.schema_name == "public"
