"""Joint pilots: the pilot gate, decisions by each organisation's own side, the log, leaving."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from network.pilots import services
from network.pilots.models import (
    DecisionRoute,
    LogEntry,
    Participant,
    ParticipantStatus,
    Pilot,
    PilotStatus,
)
from shared.core.models import AuditEntry
from tests.network.pilots import make

pytestmark = pytest.mark.django_db


def status_of(pilot: Pilot) -> str:
    return Pilot.objects.get(pk=pilot.pk).status


class TestPilotPropose:
    def test_the_proposer_takes_part_by_a_decision_of_its_own_like_everyone(self, tenant_a):
        pilot = make.pilot(tenant_a)

        owner = Participant.objects.get(pilot=pilot)
        assert owner.organization == tenant_a
        assert owner.status == ParticipantStatus.INVITED
        assert pilot.status == PilotStatus.PROPOSED
        assert AuditEntry.objects.filter(action="pilot.proposed", organization=tenant_a).exists()

    def test_refuses_a_pilot_without_title_or_summary_and_writes_nothing(self, tenant_a):
        with pytest.raises(ValidationError) as error:
            make.pilot(tenant_a, title=" ", summary="")

        assert set(error.value.message_dict) == {"title", "summary"}
        assert not Pilot.objects.exists()


class TestParticipantInvite:
    def test_only_the_owner_invites(self, tenant_a, tenant_b, tenant_c):
        pilot = make.pilot(tenant_a, tenant_b)

        with pytest.raises(ValidationError, match="ägare"):
            services.participant_invite(
                pilot_id=pilot.pk,
                organization=tenant_b,
                invitee_id=tenant_c.pk,
                by=make.person(tenant_b),
            )

    def test_an_organisation_is_invited_once(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)

        with pytest.raises(ValidationError, match="redan inbjuden"):
            services.participant_invite(
                pilot_id=pilot.pk,
                organization=tenant_a,
                invitee_id=tenant_b.pk,
                by=make.person(tenant_a),
            )


class TestThePilotGate:
    def test_starts_only_when_every_participant_has_decided_or_declined(
        self, tenant_a, tenant_b, tenant_c
    ):
        pilot = make.pilot(tenant_a, tenant_b, tenant_c)

        make.council_decides(tenant_a, pilot)
        assert status_of(pilot) == PilotStatus.PROPOSED
        make.council_decides(tenant_b, pilot, takes_part=False)
        assert status_of(pilot) == PilotStatus.PROPOSED
        make.council_decides(tenant_c, pilot)

        started = Pilot.objects.get(pk=pilot.pk)
        assert started.status == PilotStatus.RUNNING
        assert started.started_at is not None
        assert AuditEntry.objects.filter(action="pilot.started").count() == 1

    def test_starting_before_everyone_decided_names_who_is_missing(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)
        make.council_decides(tenant_a, pilot)

        with pytest.raises(ValidationError) as error:
            services.pilot_start(pilot_id=pilot.pk, organization=tenant_a, by=make.person(tenant_a))

        assert tenant_b.name in error.value.messages[0]
        assert status_of(pilot) == PilotStatus.PROPOSED

    def test_the_owner_declining_ends_the_proposal(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)

        make.council_decides(tenant_a, pilot, takes_part=False)

        assert status_of(pilot) == PilotStatus.ENDED


class TestParticipantDecision:
    def test_deciding_on_a_pilot_one_was_not_invited_to_is_refused_and_writes_nothing(
        self, tenant_a, tenant_b, tenant_c
    ):
        pilot = make.pilot(tenant_a, tenant_b)

        with pytest.raises(ValidationError, match="inte inbjuden"):
            make.council_decides(tenant_c, pilot)

        with tenant_context(tenant_c):
            from tenants.council.models import Decision
            from tenants.ideas.models import Idea

            assert not Decision.objects.exists()
            assert not Idea.objects.filter(title__contains=pilot.title).exists()

    def test_deciding_twice_is_refused_with_the_first_decision_named(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)
        first = make.council_decides(tenant_b, pilot)

        with pytest.raises(ValidationError) as error:
            services.participant_decision_record(
                pilot_id=pilot.pk,
                organization=tenant_b,
                takes_part=False,
                committed_sek=0,
                units=[],
                reference="2026-9999",
                decided_on=make.DAY,
                route=DecisionRoute.COUNCIL,
                by=None,
            )

        assert first.registration_number in error.value.messages[0]
        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert participant.status == ParticipantStatus.ACCEPTED
        assert participant.decision_reference == first.registration_number

    def test_a_decision_carries_its_registration_number_commitment_and_units(
        self, tenant_a, tenant_b
    ):
        pilot = make.pilot(tenant_a, tenant_b)

        decision = make.council_decides(
            tenant_b, pilot, amount="150000.50", units=("Hemtjänst Kinda", "Hemtjänst Ydre")
        )

        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert participant.status == ParticipantStatus.ACCEPTED
        assert participant.committed_sek == Decimal("150000.50")
        assert participant.units == ["Hemtjänst Kinda", "Hemtjänst Ydre"]
        assert participant.decision_reference == decision.registration_number
        assert participant.decided_on == make.DAY
        assert participant.decided_by_route == DecisionRoute.COUNCIL


class TestLogEntryAdd:
    def test_participants_write_in_the_shared_log(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)
        make.council_decides(tenant_a, pilot)
        make.council_decides(tenant_b, pilot)

        entry = services.log_entry_add(
            pilot_id=pilot.pk,
            organization=tenant_b,
            text="Larmen installerade.",
            by=make.person(tenant_b),
        )

        assert entry.organization == tenant_b
        assert list(LogEntry.objects.filter(pilot=pilot)) == [entry]

    def test_a_participant_that_left_keeps_its_entries_but_writes_no_more(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)
        make.council_decides(tenant_a, pilot)
        make.council_decides(tenant_b, pilot)
        by = make.person(tenant_b)
        services.log_entry_add(pilot_id=pilot.pk, organization=tenant_b, text="Vecka 1.", by=by)

        services.participant_leave(pilot_id=pilot.pk, organization=tenant_b, by=by)

        with pytest.raises(ValidationError, match="lämnat piloten"):
            services.log_entry_add(pilot_id=pilot.pk, organization=tenant_b, text="Vecka 2.", by=by)
        assert list(LogEntry.objects.filter(pilot=pilot).values_list("text", flat=True)) == [
            "Vecka 1."
        ]
        left = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert left.status == ParticipantStatus.LEFT
        assert left.decision_reference  # its decision stays with it

    def test_an_organisation_that_declined_does_not_write(self, tenant_a, tenant_b, tenant_c):
        pilot = make.pilot(tenant_a, tenant_b, tenant_c)
        make.council_decides(tenant_b, pilot, takes_part=False)

        with pytest.raises(ValidationError, match="deltar inte"):
            services.log_entry_add(
                pilot_id=pilot.pk, organization=tenant_b, text="Hej", by=make.person(tenant_b)
            )


class TestEvaluationRecord:
    def test_one_joint_evaluation_by_the_owner_once_the_pilot_runs(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)
        with pytest.raises(ValidationError, match="pågår"):
            services.evaluation_record(
                pilot_id=pilot.pk,
                organization=tenant_a,
                results="För tidigt.",
                recommendation="adjust",
                evaluated_on=datetime.date(2026, 9, 1),
                by=make.person(tenant_a),
            )
        make.council_decides(tenant_a, pilot)
        make.council_decides(tenant_b, pilot)

        services.evaluation_record(
            pilot_id=pilot.pk,
            organization=tenant_a,
            results="Larmtiden halverades.",
            recommendation="implement",
            actual_cost_sek="180000",
            evaluated_on=datetime.date(2026, 9, 1),
            by=make.person(tenant_a),
        )

        assert status_of(pilot) == PilotStatus.EVALUATED
        with pytest.raises(ValidationError, match="redan utvärderad"):
            services.evaluation_record(
                pilot_id=pilot.pk,
                organization=tenant_a,
                results="Igen.",
                recommendation="stop",
                evaluated_on=datetime.date(2026, 9, 2),
                by=make.person(tenant_a),
            )
