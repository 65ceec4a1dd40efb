"""Participants get one mail on an invitation, a decision, the start and the evaluation."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from network.pilots import notifications, services, tasks
from network.pilots.models import Participant, PilotEvent, PilotNotification
from tests.network.pilots import make

pytestmark = pytest.mark.django_db


def send_pilot_mail(callbacks):
    """Run the pilot mail sent on commit; the council's own mail runs in its schema, not here."""
    for callback in callbacks:
        if getattr(callback, "func", None) == tasks.pilot_notify.delay:
            callback()


class TestPilotNotify:
    def test_each_event_reaches_the_people_it_concerns_once(
        self, tenant_a, tenant_b, django_capture_on_commit_callbacks
    ):
        coach_a = make.person(tenant_a, "coach", person__email="coach.a@example.org")
        council_b = make.person(tenant_b, "council_member", person__email="rad.b@example.org")
        staff_b = make.person(tenant_b, "staff", person__email="staff.b@example.org")
        admin_b = make.person(tenant_b, "admin", person__email="admin.b@example.org")

        with django_capture_on_commit_callbacks() as callbacks:
            pilot = make.pilot(tenant_a, tenant_b, by=coach_a)
        send_pilot_mail(callbacks)
        invited = {m.to[0] for m in mail.outbox if "Inbjudan" in m.subject}
        assert council_b.email in invited  # the council decides
        assert staff_b.email not in invited  # staff do not run pilots

        mail.outbox.clear()
        with django_capture_on_commit_callbacks() as callbacks:
            make.council_decides(tenant_a, pilot)
        send_pilot_mail(callbacks)
        decided = [m for m in mail.outbox if "beslut" in m.subject.lower()]
        assert [m.to[0] for m in decided] == [admin_b.email]  # not the deciders themselves
        assert tenant_a.name in decided[0].body

        mail.outbox.clear()
        with django_capture_on_commit_callbacks() as callbacks:
            make.council_decides(tenant_b, pilot)
        send_pilot_mail(callbacks)
        started = [m for m in mail.outbox if "startat" in m.subject]
        assert coach_a.email in {m.to[0] for m in started}

        mail.outbox.clear()
        with django_capture_on_commit_callbacks() as callbacks:
            services.evaluation_record(
                pilot_id=pilot.pk,
                organization=tenant_a,
                results="Larmtiden halverades.",
                recommendation="implement",
                evaluated_on=datetime.date(2026, 9, 1),
                by=coach_a,
            )
        send_pilot_mail(callbacks)
        evaluated = [m for m in mail.outbox if "utvärderad" in m.subject]
        assert coach_a.email in {m.to[0] for m in evaluated}

    def test_a_retried_task_sends_no_second_mail(self, tenant_a, tenant_b):
        make.person(tenant_b, "admin", person__email="admin.b@example.org")
        pilot = make.pilot(tenant_a, tenant_b)
        invitation = Participant.objects.get(pilot=pilot, organization=tenant_b)

        first = notifications.pilot_notify(event=PilotEvent.INVITED, object_id=invitation.pk)
        again = notifications.pilot_notify(event=PilotEvent.INVITED, object_id=invitation.pk)

        assert first >= 1
        assert again == 0
        assert len([m for m in mail.outbox if m.to == ["admin.b@example.org"]]) == 1
        assert (
            PilotNotification.objects.filter(
                event=PilotEvent.INVITED, object_id=invitation.pk
            ).count()
            == first
        )
