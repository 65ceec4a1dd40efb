"""An organisation answers a pilot invitation through its own decision-makers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from network.pilots.models import DecisionRoute, Participant, ParticipantStatus
from tenants.audit.models import AuditEvent
from tenants.council import selectors as council_selectors
from tenants.council import services as council_services
from tenants.council.models import Decision, DecisionKind
from tenants.jointpilots import services
from tenants.jointpilots.models import PartnerDecision, PilotCase
from tests.network.pilots import make

pytestmark = pytest.mark.django_db


class TestPilotCaseDecide:
    def test_the_council_decision_gets_its_registration_number_and_counts_against_the_budget(
        self, tenant_a, tenant_b
    ):
        pilot = make.pilot(tenant_a, tenant_b)

        decision = make.council_decides(tenant_b, pilot, amount="120000", budget="500000")

        with tenant_context(tenant_b):
            assert decision.kind == DecisionKind.PILOT
            assert decision.registration_number.startswith(f"BES-{make.DAY.year}-")
            status = council_selectors.budget_status(year=make.DAY.year)
            assert status.granted == Decimal("120000.00")
            assert status.remaining == Decimal("380000.00")
            case = PilotCase.objects.get(pilot_id=pilot.pk)
            assert case.idea.stage.key == "test"
            assert AuditEvent.objects.filter(action="pilot_case.decided").count() == 1
        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert participant.decision_reference == decision.registration_number

    def test_declining_is_a_council_decision_too_and_commits_nothing(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)

        decision = make.council_decides(tenant_b, pilot, takes_part=False)

        with tenant_context(tenant_b):
            assert decision.kind == DecisionKind.DECLINE
            assert council_selectors.budget_status(year=make.DAY.year).granted == 0
        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert participant.status == ParticipantStatus.DECLINED
        assert participant.committed_sek == 0

    def test_a_grant_over_the_remaining_budget_is_refused_and_nothing_is_decided(
        self, tenant_a, tenant_b
    ):
        pilot = make.pilot(tenant_a, tenant_b)

        with pytest.raises(ValidationError) as error:
            make.council_decides(tenant_b, pilot, amount="600000", budget="500000")

        assert "budget_override_reason" in error.value.message_dict
        with tenant_context(tenant_b):
            assert not Decision.objects.exists()
            # The preparation stands; the item waits on the agenda for a decision within budget.
            assert services.open_agenda_item(PilotCase.objects.get()) is not None
        assert Participant.objects.get(pilot=pilot, organization=tenant_b).status == "invited"

    def test_a_decision_on_the_council_page_answers_the_invitation_too(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)
        with tenant_context(tenant_b):
            admin = make.person(tenant_b, "admin")
            council_services.budget_set(year=make.DAY.year, amount_sek="100000", by=admin)
            meeting = council_services.meeting_create(held_on=make.DAY, title="Idérådet", by=admin)
            case = services.pilot_case_prepare(
                pilot_id=pilot.pk,
                meeting=meeting,
                units=["Skola öst"],
                proposed_amount_sek="40000",
                preparation_memo="Beredd.",
                by=admin,
            )
            item = services.open_agenda_item(case)
            assert item is not None

            council_services.decision_record(
                agenda_item=item,
                kind=DecisionKind.PILOT,
                rationale="Vi deltar.",
                amount_granted_sek="40000",
                decided_on=make.DAY,
                by=admin,
            )

        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert participant.status == ParticipantStatus.ACCEPTED
        assert participant.units == ["Skola öst"]
        assert participant.committed_sek == Decimal("40000.00")

    def test_a_council_decision_that_answers_neither_yes_nor_no_is_refused(
        self, tenant_a, tenant_b
    ):
        pilot = make.pilot(tenant_a, tenant_b)
        with tenant_context(tenant_b):
            admin = make.person(tenant_b, "admin")
            meeting = council_services.meeting_create(held_on=make.DAY, title="Idérådet", by=admin)
            case = services.pilot_case_prepare(
                pilot_id=pilot.pk,
                meeting=meeting,
                units=["Skola öst"],
                proposed_amount_sek="0",
                preparation_memo="Beredd.",
                by=admin,
            )
            item = services.open_agenda_item(case)
            assert item is not None

            with pytest.raises(ValidationError, match="Genomföra pilot"):
                council_services.decision_record(
                    agenda_item=item,
                    kind=DecisionKind.PARK,
                    rationale="Vänta.",
                    decided_on=make.DAY,
                    by=admin,
                )

    def test_a_partner_has_no_council_to_prepare_for(self, tenant_a, tenant_b):
        partner = make.as_partner(tenant_b)
        pilot = make.pilot(tenant_a, partner)

        with pytest.raises(ValidationError, match="inget idéråd"):
            make.council_decides(partner, pilot)


class TestPartnerDecide:
    def test_records_the_decision_with_a_number_of_its_own_audited_in_its_own_log(
        self, tenant_a, tenant_b
    ):
        partner = make.as_partner(tenant_b)
        pilot = make.pilot(tenant_a, partner)

        decision = make.partner_decides(partner, pilot, amount="25000", units=("Coacher",))

        with tenant_context(partner):
            stored = PartnerDecision.objects.get()
            assert stored.registration_number == decision.registration_number
            assert stored.committed_sek == Decimal("25000.00")
            event = AuditEvent.objects.get(action="partner_decision.recorded")
            assert event.after["registration_number"] == decision.registration_number
        participant = Participant.objects.get(pilot=pilot, organization=partner)
        assert participant.status == ParticipantStatus.ACCEPTED
        assert participant.decided_by_route == DecisionRoute.PARTNER
        assert participant.decision_reference == decision.registration_number
        assert participant.units == ["Coacher"]

    def test_a_municipality_decides_in_its_council_not_as_a_partner(self, tenant_a, tenant_b):
        pilot = make.pilot(tenant_a, tenant_b)

        with pytest.raises(ValidationError, match="idéråd"):
            make.partner_decides(tenant_b, pilot)

    def test_a_partner_not_invited_is_refused_and_nothing_is_written(
        self, tenant_a, tenant_b, tenant_c
    ):
        partner = make.as_partner(tenant_c)
        pilot = make.pilot(tenant_a, tenant_b)

        with pytest.raises(ValidationError, match="inte inbjuden"):
            make.partner_decides(partner, pilot)

        with tenant_context(partner):
            assert not PartnerDecision.objects.exists()
            assert not AuditEvent.objects.filter(action="partner_decision.recorded").exists()
