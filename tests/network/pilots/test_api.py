"""The joint pilot API on an organisation's host: roles per route, the decision path, and three
organisations with overlapping ids and canaries; a non-participant sees only what is published."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from network.pilots import services
from network.pilots.models import Participant, ParticipantStatus, Pilot, PilotStatus
from shared.accounts.models import Role
from tenants.council import services as council_services
from tests.factories import api_token_for, make_idea
from tests.network.pilots import make

pytestmark = pytest.mark.django_db

PILOTS = "/api/v1/network/pilots/"
PLAN_CANARY = "KANARIE-PILOTPLAN-7f3a"
LOG_CANARY = "KANARIE-PILOTLOGG-2c9e"
TENANT_CANARIES = {
    "alfa": "KANARIE-ALFA-pi01",
    "beta": "KANARIE-BETA-pi02",
    "gamma": "KANARIE-GAMMA-pi03",
}


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


class TestProposing:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [("admin", 201), ("coach", 201), ("council_member", 403), ("staff", 403), ("viewer", 403)],
    )
    def test_admins_and_coaches_propose_every_member_reads(
        self, tenant_a, client_for, role, expected
    ):
        client = client_for(tenant_a, person=make.person(tenant_a, role))

        response = post(client, PILOTS, {"title": "Trygghetslarm", "summary": "Tillsammans."})

        assert response.status_code == expected, response.content
        assert client.get(PILOTS).status_code == 200
        if expected == 201:
            body = response.json()
            assert body["sees_inside"] is True
            assert body["my_status"] == "invited"
        else:
            assert response.json()["error"]["code"] == "permission_denied"
            assert not Pilot.objects.exists()

    def test_a_bad_proposal_is_a_400_in_the_common_error_shape(self, tenant_a, client_for):
        client = client_for(tenant_a, person=make.person(tenant_a, "coach"))

        response = post(client, PILOTS, {"title": "Larm", "summary": "Ok", "cost_split": "custom"})

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid"
        assert "cost_split" in response.json()["error"]["fields"]


class TestDeciding:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [("admin", 201), ("council_member", 201), ("coach", 403), ("staff", 403), ("viewer", 403)],
    )
    def test_those_who_decide_for_the_council_record_the_decision(
        self, tenant_a, tenant_b, client_for, role, expected
    ):
        pilot = make.pilot(tenant_a, tenant_b)
        coach = make.person(tenant_b, "coach")
        with tenant_context(tenant_b):
            council_services.budget_set(year=make.DAY.year, amount_sek="100000", by=coach)
            meeting = council_services.meeting_create(held_on=make.DAY, title="Idéråd", by=coach)
        prepared = post(
            client_for(tenant_b, person=coach),
            f"{PILOTS}{pilot.pk}/prepare/",
            {
                "meeting_id": meeting.pk,
                "units": ["Hemtjänst"],
                "proposed_amount_sek": "30000",
                "preparation_memo": "Beredd.",
            },
        )
        assert prepared.status_code == 201, prepared.content

        response = post(
            client_for(tenant_b, person=make.person(tenant_b, role)),
            f"{PILOTS}{pilot.pk}/decision/",
            {
                "takes_part": True,
                "committed_sek": "30000",
                "rationale": "Vi deltar.",
                "decided_on": make.DAY.isoformat(),
            },
        )

        assert response.status_code == expected, response.content
        participant = Participant.objects.get(pilot=pilot, organization=tenant_b)
        if expected == 201:
            assert participant.status == ParticipantStatus.ACCEPTED
            assert response.json()["budget"]["mine"]["committed_sek"] == "30000.00"
        else:
            assert participant.status == ParticipantStatus.INVITED

    def test_a_partner_admin_decides_without_a_council(self, tenant_a, tenant_b, client_for):
        partner = make.as_partner(tenant_b)
        pilot = make.pilot(tenant_a, partner)

        response = post(
            client_for(partner, person=make.person(partner, "admin")),
            f"{PILOTS}{pilot.pk}/decision/",
            {
                "takes_part": True,
                "committed_sek": "20000",
                "units": ["Affärscoacher"],
                "rationale": "Vi bidrar.",
                "decided_on": make.DAY.isoformat(),
            },
        )

        assert response.status_code == 201, response.content
        mine = next(
            p for p in response.json()["inside_participants"] if p["organization_id"] == partner.pk
        )
        assert mine["decided_by_route"] == "partner"
        assert mine["decision_reference"].startswith(f"PIL-{make.DAY.year}-")

    def test_deciding_on_a_pilot_one_was_not_invited_to_is_a_404(
        self, tenant_a, tenant_b, tenant_c, client_for
    ):
        pilot = make.pilot(tenant_a, tenant_b)

        response = post(
            client_for(tenant_c, person=make.person(tenant_c, "admin")),
            f"{PILOTS}{pilot.pk}/decision/",
            {"takes_part": False, "rationale": "Nej.", "decided_on": make.DAY.isoformat()},
        )

        assert response.status_code == 404
        assert Participant.objects.filter(pilot=pilot).count() == 2

    def test_starting_before_everyone_decided_is_a_400(self, tenant_a, tenant_b, client_for):
        pilot = make.pilot(tenant_a, tenant_b)
        make.council_decides(tenant_a, pilot)

        response = post(
            client_for(tenant_a, person=make.person(tenant_a, "coach")),
            f"{PILOTS}{pilot.pk}/start/",
        )

        assert response.status_code == 400
        assert tenant_b.name in response.json()["error"]["fields"]["pilot"][0]
        assert Pilot.objects.get(pk=pilot.pk).status == PilotStatus.PROPOSED


@pytest.fixture
def three(tenant_a, tenant_b, tenant_c):
    """Canary ideas with equal ids in three schemas; alfa and beta run a pilot, gamma is outside."""
    for organization in (tenant_a, tenant_b, tenant_c):
        canary = TENANT_CANARIES[organization.slug]
        with tenant_context(organization):
            submitter = make.person(organization, "staff", person__full_name=f"Inlämnare {canary}")
            for n in (1, 2):
                make_idea(title=f"{canary} idé {n}", description=canary, submitted_by=submitter)
    pilot = make.pilot(tenant_a, tenant_b, plan=f"Plan {PLAN_CANARY}")
    make.council_decides(tenant_a, pilot)
    make.council_decides(tenant_b, pilot)
    services.log_entry_add(
        pilot_id=pilot.pk,
        organization=tenant_b,
        text=f"Logg {LOG_CANARY}",
        by=make.person(tenant_b),
    )
    return pilot, tenant_a, tenant_b, tenant_c


def no_canary(response, *canaries):
    text = response.content.decode()
    return not any(canary in text for canary in canaries)


class TestIsolation:
    @pytest.mark.parametrize("role", Role.values)
    def test_a_non_participant_sees_only_what_is_published_with_every_role(
        self, three, client_for, role
    ):
        pilot, _tenant_a, _tenant_b, tenant_c = three
        client = client_for(tenant_c, person=make.person(tenant_c, role))
        outside = (PLAN_CANARY, LOG_CANARY, *TENANT_CANARIES.values())

        listing = client.get(PILOTS)
        detail = client.get(f"{PILOTS}{pilot.pk}/")
        writes = [
            post(client, f"{PILOTS}{pilot.pk}/log/", {"text": "Hej"}),
            post(client, f"{PILOTS}{pilot.pk}/leave/"),
            post(client, f"{PILOTS}{pilot.pk}/start/"),
            post(client, f"{PILOTS}{pilot.pk}/end/"),
            post(client, f"{PILOTS}{pilot.pk}/cost-split/", {"split": "equal"}),
            post(client, f"{PILOTS}{pilot.pk}/participants/", {"organization_id": tenant_c.pk}),
            post(client, f"{PILOTS}{pilot.pk}/decision/", {"takes_part": True}),
            client.patch(f"{PILOTS}{pilot.pk}/", {"plan": "x"}, content_type="application/json"),
        ]

        assert listing.status_code == 200
        assert [p["id"] for p in listing.json()["network"]] == [pilot.pk]
        assert listing.json()["mine"] == []
        assert detail.status_code == 200
        body = detail.json()
        assert body["sees_inside"] is False
        assert body["plan"] is None
        assert body["log"] is None
        assert body["budget"] is None
        assert body["summary"] == pilot.summary
        for response in (listing, detail, *writes):
            assert no_canary(response, *outside), response.content
        assert all(response.status_code in (400, 403) for response in writes)
        assert Pilot.objects.get(pk=pilot.pk).plan == f"Plan {PLAN_CANARY}"

    @pytest.mark.parametrize("role", Role.values)
    def test_participants_see_the_plan_and_log_but_never_another_schema(
        self, three, client_for, role
    ):
        pilot, _tenant_a, tenant_b, _tenant_c = three
        client = client_for(tenant_b, person=make.person(tenant_b, role))

        detail = client.get(f"{PILOTS}{pilot.pk}/")

        assert detail.status_code == 200
        assert PLAN_CANARY in detail.json()["plan"]
        assert LOG_CANARY in detail.json()["log"][0]["text"]
        assert no_canary(detail, *TENANT_CANARIES.values())

    def test_a_proposal_is_not_seen_outside_those_invited(
        self, tenant_a, tenant_b, tenant_c, client_for
    ):
        pilot = make.pilot(tenant_a, tenant_b, plan=f"Plan {PLAN_CANARY}")
        client = client_for(tenant_c, person=make.person(tenant_c, "admin"))

        assert client.get(f"{PILOTS}{pilot.pk}/").status_code == 404
        assert client.get(PILOTS).json() == {"mine": [], "network": []}

    def test_another_organisations_token_is_refused(self, three, client_for):
        pilot, tenant_a, tenant_b, tenant_c = three
        token = api_token_for(make.person(tenant_b, "admin"), tenant_b)
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        on_own_host = client_for(tenant_b).get(f"{PILOTS}{pilot.pk}/", **auth)
        on_outside_host = client_for(tenant_c).get(f"{PILOTS}{pilot.pk}/", **auth)
        on_owner_host = client_for(tenant_a).post(
            f"{PILOTS}{pilot.pk}/log/", {"text": "Hej"}, content_type="application/json", **auth
        )

        assert on_own_host.status_code == 200
        assert on_outside_host.status_code == 403
        assert on_owner_host.status_code == 403
        assert no_canary(on_outside_host, PLAN_CANARY, LOG_CANARY)


class TestSchema:
    def test_every_pilot_operation_is_in_the_openapi_schema(self, client_for, tenant_a):
        schema = client_for(tenant_a).get("/api/schema/?format=json").json()

        operations = {
            operation["operationId"]
            for path, item in schema["paths"].items()
            if path.startswith(PILOTS)
            for operation in item.values()
        }

        assert operations == {
            "network_pilots_list",
            "network_pilots_create",
            "network_pilots_retrieve",
            "network_pilots_plan_update",
            "network_pilots_invite",
            "network_pilots_start",
            "network_pilots_end",
            "network_pilots_leave",
            "network_pilots_log",
            "network_pilots_cost_split",
            "network_pilots_evaluate",
            "network_pilots_prepare",
            "network_pilots_decide",
        }
        assert "PilotStatusEnum" in schema["components"]["schemas"]


class TestQueryCounts:
    def test_the_list_and_a_pilot_take_a_fixed_number_of_queries(
        self, tenant_a, tenant_b, tenant_c, client_for, django_assert_max_num_queries
    ):
        for n in range(4):
            pilot = make.pilot(tenant_a, tenant_b, tenant_c, title=f"Pilot {n}")
            make.council_decides(tenant_a, pilot)
            make.council_decides(tenant_b, pilot)
            make.council_decides(tenant_c, pilot)
            services.log_entry_add(
                pilot_id=pilot.pk, organization=tenant_b, text="Vecka 1.", by=make.person(tenant_b)
            )
        client = client_for(tenant_b, person=make.person(tenant_b, "viewer"))
        client.get(PILOTS)  # the session and membership are loaded once

        with django_assert_max_num_queries(9):
            listing = client.get(PILOTS)
        with django_assert_max_num_queries(10):
            detail = client.get(f"{PILOTS}{pilot.pk}/")

        assert len(listing.json()["mine"]) == 4
        assert len(detail.json()["log"]) == 1
