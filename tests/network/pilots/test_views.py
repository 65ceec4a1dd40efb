"""The joint pilot pages: propose, read, write the log, prepare and decide, as each side sees it."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from network.pilots.models import LogEntry, Participant, ParticipantStatus, Pilot
from tenants.council import services as council_services
from tenants.jointpilots.models import PilotCase
from tests.network.pilots import make

pytestmark = pytest.mark.django_db

PLAN_CANARY = "KANARIE-SIDPLAN-51d0"


class TestPilotPages:
    def test_a_coach_proposes_a_pilot_and_lands_on_its_page(self, tenant_a, client_for):
        client = client_for(tenant_a, person=make.person(tenant_a, "coach"))

        response = client.post(
            "/natverk/piloter/ny/",
            {"title": "Trygghetslarm", "summary": "Vi testar ihop.", "cost_split": "equal"},
        )

        pilot = Pilot.objects.get()
        assert response.status_code == 302
        assert response.url == f"/natverk/piloter/{pilot.pk}/"
        page = client.get(response.url)
        assert page.status_code == 200
        assert "Trygghetslarm" in page.content.decode()

    def test_a_non_participant_reads_the_summary_never_the_plan(
        self, tenant_a, tenant_b, tenant_c, client_for
    ):
        pilot = make.pilot(tenant_a, tenant_b, plan=PLAN_CANARY)
        make.council_decides(tenant_a, pilot)
        make.council_decides(tenant_b, pilot)
        outsider = client_for(tenant_c, person=make.person(tenant_c, "admin"))
        insider = client_for(tenant_b, person=make.person(tenant_b, "viewer"))

        outside = outsider.get(f"/natverk/piloter/{pilot.pk}/").content.decode()
        inside = insider.get(f"/natverk/piloter/{pilot.pk}/").content.decode()
        listing = outsider.get("/natverk/piloter/").content.decode()

        assert pilot.summary in outside
        assert PLAN_CANARY not in outside
        assert pilot.title in listing
        assert PLAN_CANARY in inside

    def test_a_participant_writes_in_the_log_from_the_page(self, tenant_a, tenant_b, client_for):
        pilot = make.pilot(tenant_a, tenant_b)
        make.council_decides(tenant_a, pilot)
        make.council_decides(tenant_b, pilot)
        client = client_for(tenant_b, person=make.person(tenant_b, "coach"))

        response = client.post(f"/natverk/piloter/{pilot.pk}/logg/", {"text": "Vecka 1 klar."})

        assert response.status_code == 302
        assert LogEntry.objects.get().text == "Vecka 1 klar."

    def test_a_left_participant_gets_the_reason_on_the_page(self, tenant_a, tenant_b, client_for):
        pilot = make.pilot(tenant_a, tenant_b)
        make.council_decides(tenant_a, pilot)
        make.council_decides(tenant_b, pilot)
        client = client_for(tenant_b, person=make.person(tenant_b, "coach"))
        client.post(f"/natverk/piloter/{pilot.pk}/lamna/")

        response = client.post(f"/natverk/piloter/{pilot.pk}/logg/", {"text": "Hej igen."})

        assert response.status_code == 400
        assert "lämnat piloten" in response.content.decode()
        assert not LogEntry.objects.exists()


class TestDecisionPages:
    def test_the_council_path_prepare_then_decide(self, tenant_a, tenant_b, client_for):
        pilot = make.pilot(tenant_a, tenant_b)
        coach = make.person(tenant_b, "coach")
        with tenant_context(tenant_b):
            council_services.budget_set(year=make.DAY.year, amount_sek="90000", by=coach)
            meeting = council_services.meeting_create(held_on=make.DAY, title="Idéråd", by=coach)

        prepared = client_for(tenant_b, person=coach).post(
            f"/natverk/piloter/{pilot.pk}/bered/",
            {
                "meeting": meeting.pk,
                "units": "Hemtjänst norr\nHemtjänst syd",
                "proposed_amount_sek": "45000",
                "preparation_memo": "Beredd.",
            },
        )
        council = client_for(tenant_b, person=make.person(tenant_b, "council_member"))
        form_page = council.get(f"/natverk/piloter/{pilot.pk}/beslut/")
        decided = council.post(
            f"/natverk/piloter/{pilot.pk}/beslut/",
            {
                "takes_part": "yes",
                "committed_sek": "45000",
                "rationale": "Vi deltar.",
                "decided_on": make.DAY.isoformat(),
            },
        )

        assert prepared.status_code == 302, prepared.content
        assert "§ 1" in form_page.content.decode()
        assert decided.status_code == 302, decided.content
        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        assert participant.status == ParticipantStatus.ACCEPTED
        assert participant.units == ["Hemtjänst norr", "Hemtjänst syd"]
        with tenant_context(tenant_b):
            assert PilotCase.objects.get().idea.decisions.get().registration_number == (
                participant.decision_reference
            )

    def test_the_partner_path_has_no_council(self, tenant_a, tenant_b, client_for):
        partner = make.as_partner(tenant_b)
        pilot = make.pilot(tenant_a, partner)
        client = client_for(partner, person=make.person(partner, "admin"))

        no_council = client.get(f"/natverk/piloter/{pilot.pk}/bered/")
        decided = client.post(
            f"/natverk/piloter/{pilot.pk}/beslut/",
            {
                "takes_part": "yes",
                "committed_sek": "15000",
                "units": "Affärscoacher",
                "rationale": "Vi bidrar.",
                "decided_on": make.DAY.isoformat(),
            },
        )

        assert no_council.status_code == 302
        assert no_council.url == f"/natverk/piloter/{pilot.pk}/beslut/"
        assert decided.status_code == 302, decided.content
        participant = Participant.objects.get(pilot=pilot, organization=partner)
        assert participant.decided_by_route == "partner"
