"""Pilot mail from a real worker: an invitation reaches the invited organisation once, even when
the task runs again."""

import time

import pytest
from django.core import mail

from network.pilots import tasks
from network.pilots.models import Participant, PilotEvent, PilotNotification
from tests.network.pilots import make

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestPilotMailOnARealWorker:
    def test_the_invitation_is_mailed_once_after_commit(
        self, committed_tenant_a, committed_tenant_b, celery_worker
    ):
        council_b = make.person(committed_tenant_b, "council_member")
        pilot = make.pilot(committed_tenant_a, committed_tenant_b)
        invitation = Participant.objects.get(pilot=pilot, organization=committed_tenant_b)

        def delivered() -> bool:
            return PilotNotification.objects.filter(
                event=PilotEvent.INVITED, object_id=invitation.pk, person=council_b
            ).exists()

        assert wait_for(delivered), "the worker sent no invitation"
        again = tasks.pilot_notify.delay(event=PilotEvent.INVITED, object_id=invitation.pk)

        assert again.get(timeout=20) == 0
        assert len([m for m in mail.outbox if m.to == [council_b.email]]) == 1
