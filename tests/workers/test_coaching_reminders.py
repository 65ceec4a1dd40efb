"""The daily reminder fan-out on a real worker: each organisation's task runs in its own schema."""

import time

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from tenants.coaching import tasks
from tests.tenants.coaching.make import coached_idea, days, next_step
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestRemindersOnARealWorker:
    def test_each_owner_gets_their_own_organisations_steps_from_the_worker(
        self, committed_tenant_a, committed_tenant_b, celery_worker, member_of
    ):
        owner_a = member_of(committed_tenant_a, "staff")
        owner_b = member_of(committed_tenant_b, "staff")
        for organization, owner, canary in [
            (committed_tenant_a, owner_a, CANARY_A),
            (committed_tenant_b, owner_b, CANARY_B),
        ]:
            with tenant_context(organization):
                coach = member_of(organization, "coach")
                next_step(coached_idea(coach), owner, days(0), description=canary)

        assert tasks.next_step_reminders_fan_out.delay().get(timeout=20) == 2

        assert wait_for(lambda: len(mail.outbox) == 2), "the worker sent no reminders"
        by_owner = {message.to[0]: message.body for message in mail.outbox}
        assert CANARY_A in by_owner[owner_a.email]
        assert CANARY_B not in by_owner[owner_a.email]
        assert CANARY_B in by_owner[owner_b.email]
        assert "http://beta.localhost/" in by_owner[owner_b.email]
