"""The pilot gate on real PostgreSQL: the last two decisions at once start the pilot once."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection
from django_tenants.utils import tenant_context

from network.pilots import services as pilot_services
from network.pilots.models import Participant, ParticipantStatus, Pilot, PilotStatus
from shared.core.models import AuditEntry
from tenants.council import services as council_services
from tenants.jointpilots import services
from tests.network.pilots import make


class TestTheGateUnderConcurrentDecisions:
    def test_two_last_decisions_at_once_start_the_pilot_exactly_once(
        self, committed_tenant_a, committed_tenant_b, committed_tenant_c, monkeypatch
    ):
        tenant_a, tenant_b, tenant_c = committed_tenant_a, committed_tenant_b, committed_tenant_c
        pilot = make.pilot(tenant_a, tenant_b, tenant_c)
        make.council_decides(tenant_a, pilot)
        deciders, days = {}, {}
        # Different years: the council's budget lock (one per year) must not be what queues them.
        for organization, day in ((tenant_b, make.DAY), (tenant_c, make.DAY.replace(year=2027))):
            days[organization.pk] = day
            with tenant_context(organization):
                admin = make.person(organization, "admin")
                council_services.budget_set(year=day.year, amount_sek="100000", by=admin)
                meeting = council_services.meeting_create(held_on=day, title="Idéråd", by=admin)
                services.pilot_case_prepare(
                    pilot_id=pilot.pk,
                    meeting=meeting,
                    units=["Hemtjänst"],
                    proposed_amount_sek="10000",
                    preparation_memo="Beredd.",
                    by=admin,
                )
            deciders[organization.pk] = admin
        connection.set_schema_to_public()

        # Both transactions are open and reach for the pilot's lock together.
        together = threading.Barrier(2, timeout=30)
        waited = threading.local()
        locked = pilot_services._locked

        def locked_together(pilot_id: int) -> Any:
            if not getattr(waited, "done", False):
                waited.done = True
                together.wait()
            return locked(pilot_id)

        monkeypatch.setattr(pilot_services, "_locked", locked_together)
        failures: list[BaseException] = []

        def decide(organization: Any) -> None:
            try:
                with tenant_context(organization):
                    services.pilot_case_decide(
                        pilot_id=pilot.pk,
                        takes_part=True,
                        amount_sek="10000",
                        rationale="Vi deltar.",
                        decided_on=days[organization.pk],
                        by=deciders[organization.pk],
                    )
            except BaseException as error:
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=decide, args=(org,)) for org in (tenant_b, tenant_c)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert failures == []
        connection.set_schema_to_public()
        assert Pilot.objects.get(pk=pilot.pk).status == PilotStatus.RUNNING
        assert set(Participant.objects.filter(pilot=pilot).values_list("status", flat=True)) == {
            ParticipantStatus.ACCEPTED
        }
        assert (
            AuditEntry.objects.filter(action="pilot.started", target=f"pilot {pilot.pk}").count()
            == 1
        )
