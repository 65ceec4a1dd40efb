"""The idea council's API: who may do what, money as decimal strings, errors, isolation, queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenants.council import services
from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting
from tenants.ideas import services as idea_services
from tests.factories import PersonFactory, api_token_for, make_idea, stage
from tests.tenants import rows
from tests.tenants.council import make
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

JSON = "application/json"
ROLES = ["viewer", "staff", "council_member", "coach", "admin"]


@pytest.fixture
def api(tenant_a, member_of, client_for):
    """A client on Alfa's host, logged in as a new member with ``role``."""
    return lambda role: client_for(tenant_a, person=member_of(tenant_a, role))


@pytest.fixture
def item(tenant_a, coach):
    """An idea in screening on a planned meeting's agenda, with 500 000 kr budget for 2026."""
    with tenant_context(tenant_a):
        services.budget_set(year=2026, amount_sek=Decimal("500000"), by=coach)
        return make.item(coach, idea=make.idea_in("screening", coach, title=f"Idé {CANARY_A}"))


def decision_body(**fields):
    return {
        "kind": "fund_test",
        "rationale": "Värd att testa.",
        "amount_granted_sek": "150000.00",
        "decided_on": "2026-03-12",
        **fields,
    }


class TestMeetings:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [("viewer", 403), ("staff", 403), ("council_member", 200), ("coach", 200), ("admin", 200)],
    )
    def test_who_may_read_the_meetings(self, api, item, role, expected):
        response = api(role).get("/api/v1/meetings/")

        assert response.status_code == expected
        if expected == 200:
            [meeting] = response.json()["results"]
            assert meeting["item_count"] == 1
        else:
            assert response.json()["error"]["code"] == "permission_denied"

    @pytest.mark.parametrize(
        ("role", "expected"),
        [("staff", 403), ("council_member", 403), ("coach", 201), ("admin", 201)],
    )
    def test_coaches_and_admins_plan_meetings(self, api, tenant_a, role, expected):
        response = api(role).post(
            "/api/v1/meetings/",
            {"held_on": "2026-04-02", "title": "Idérådet april"},
            content_type=JSON,
        )

        assert response.status_code == expected
        with tenant_context(tenant_a):
            assert Meeting.objects.count() == (1 if expected == 201 else 0)

    def test_reads_a_meeting_with_its_agenda_and_decision(self, api, tenant_a, admin, item):
        with tenant_context(tenant_a):
            make.decide(admin, item, amount_granted_sek=Decimal("1500.50"))

        body = api("council_member").get(f"/api/v1/meetings/{item.meeting_id}/").json()

        [agenda_item] = body["agenda"]
        assert agenda_item["idea"]["registration_number"] == item.idea.registration_number
        assert agenda_item["stage_when_set"] == "screening"
        assert agenda_item["decision"]["registration_number"] == "BES-2026-0001"
        assert agenda_item["decision"]["amount_granted_sek"] == "1500.50"

    def test_changes_and_deletes_a_meeting(self, api, tenant_a, item):
        client = api("coach")

        changed = client.patch(
            f"/api/v1/meetings/{item.meeting_id}/", {"status": "held"}, content_type=JSON
        )
        deleted = client.delete(f"/api/v1/meetings/{item.meeting_id}/")

        assert changed.json()["status"] == "held"
        assert deleted.status_code == 204
        with tenant_context(tenant_a):
            assert not Meeting.objects.exists()

    def test_a_page_of_meetings_costs_no_more_queries_than_one(
        self, api, tenant_a, coach, django_assert_max_num_queries
    ):
        client = api("council_member")
        with tenant_context(tenant_a):
            make.item(coach)
        one = rows.queries_of(lambda: client.get("/api/v1/meetings/"))
        with tenant_context(tenant_a):
            for _ in range(10):
                make.item(coach)

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/meetings/")

        assert len(response.json()["results"]) == 11


class TestAgenda:
    def test_a_coach_puts_an_idea_on_the_agenda(self, api, tenant_a, coach):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            idea = make_idea()

        response = api("coach").post(
            f"/api/v1/meetings/{meeting.pk}/agenda/",
            {"idea": idea.pk, "preparation_memo": "Beredd."},
            content_type=JSON,
        )

        assert response.status_code == 201
        assert response.json()["position"] == 1
        assert response.json()["stage_when_set"] == "received"
        assert response.json()["decision"] is None

    @pytest.mark.parametrize("role", ["staff", "council_member"])
    def test_others_may_not(self, api, tenant_a, coach, role):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            idea = make_idea()

        response = api(role).post(
            f"/api/v1/meetings/{meeting.pk}/agenda/",
            {"idea": idea.pk, "preparation_memo": "Beredd."},
            content_type=JSON,
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not AgendaItem.objects.exists()

    def test_a_closed_idea_is_refused_in_the_one_error_shape(self, api, tenant_a, coach):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            idea = make_idea()
            idea_services.idea_move(idea=idea, to_stage=stage("declined"), by=coach, reason="Nej")

        response = api("coach").post(
            f"/api/v1/meetings/{meeting.pk}/agenda/",
            {"idea": idea.pk, "preparation_memo": "Beredd."},
            content_type=JSON,
        )

        assert response.status_code == 400
        assert "idea" in response.json()["error"]["fields"]

    def test_reorders_removes_and_saves_minutes(self, api, tenant_a, coach):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            first, second = make.item(coach, at=meeting), make.item(coach, at=meeting)
        client = api("coach")

        reordered = client.put(
            f"/api/v1/meetings/{meeting.pk}/agenda/order/",
            {"item_ids": [second.pk, first.pk]},
            content_type=JSON,
        )
        removed = client.delete(f"/api/v1/agenda-items/{second.pk}/")
        minutes = client.put(
            f"/api/v1/meetings/{meeting.pk}/minutes/",
            {"minutes": "Alla närvarande."},
            content_type=JSON,
        )

        assert [i["id"] for i in reordered.json()["agenda"]] == [second.pk, first.pk]
        assert removed.status_code == 204
        assert [(i["id"], i["position"]) for i in minutes.json()["agenda"]] == [(first.pk, 1)]
        assert minutes.json()["minutes"] == "Alla närvarande."


class TestDecisions:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [("viewer", 403), ("staff", 403), ("coach", 403), ("council_member", 201), ("admin", 201)],
    )
    def test_council_members_and_admins_decide_staff_and_coaches_do_not(
        self, api, tenant_a, item, role, expected
    ):
        response = api(role).post(
            f"/api/v1/agenda-items/{item.pk}/decision/", decision_body(), content_type=JSON
        )

        assert response.status_code == expected
        with tenant_context(tenant_a):
            assert Decision.objects.count() == (1 if expected == 201 else 0)
            item.idea.refresh_from_db()
            assert item.idea.stage.key == ("test" if expected == 201 else "screening")

    def test_answers_with_the_number_and_money_as_a_decimal_string(self, api, item):
        response = api("council_member").post(
            f"/api/v1/agenda-items/{item.pk}/decision/", decision_body(), content_type=JSON
        )

        body = response.json()
        assert body["registration_number"] == "BES-2026-0001"
        assert body["amount_granted_sek"] == "150000.00"
        assert body["idea"]["stage"] == "test"
        assert body["meeting"] == item.meeting_id

    def test_refuses_money_as_a_json_number_with_a_fraction(self, api, tenant_a, item):
        response = api("council_member").post(
            f"/api/v1/agenda-items/{item.pk}/decision/",
            decision_body(amount_granted_sek=150000.5),
            content_type=JSON,
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"]["amount_granted_sek"] == [
            "Ange beloppet som ett exakt decimaltal, inte som flyttal."
        ]
        with tenant_context(tenant_a):
            assert not Decision.objects.exists()

    def test_refuses_a_grant_over_budget_without_a_reason_and_takes_it_with_one(
        self, api, tenant_a, item
    ):
        client = api("council_member")
        url = f"/api/v1/agenda-items/{item.pk}/decision/"

        refused = client.post(url, decision_body(amount_granted_sek="600000"), content_type=JSON)
        accepted = client.post(
            url,
            decision_body(amount_granted_sek="600000", budget_override_reason="Extra anslag."),
            content_type=JSON,
        )

        assert refused.status_code == 400
        assert refused.json()["error"]["fields"]["budget_override_reason"] == [
            "Beviljat belopp 600 000 kr överskrider återstående budget 500 000 kr "
            "(budget 500 000 kr, beviljat 0 kr). Ange ett skäl för att överskrida."
        ]
        assert accepted.status_code == 201
        assert accepted.json()["budget_override_reason"] == "Extra anslag."

    def test_refuses_a_stale_agenda_item_with_an_explanation(self, api, tenant_a, coach, item):
        with tenant_context(tenant_a):
            idea_services.idea_move(idea=item.idea, to_stage=stage("refinement"), by=coach)

        response = api("council_member").post(
            f"/api/v1/agenda-items/{item.pk}/decision/", decision_body(), content_type=JSON
        )

        assert response.status_code == 400
        [message] = response.json()["error"]["fields"]["agenda_item"]
        assert "den är nu i steget Förädling" in message

    def test_lists_decisions_of_a_year(self, api, tenant_a, admin, coach):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            make.decide(admin, make.item(coach, at=meeting), kind="park")
            make.decide(
                admin,
                make.item(coach, at=meeting),
                kind="park",
                decided_on=make.DAY.replace(year=2025),
            )

        response = api("coach").get("/api/v1/decisions/?year=2025")

        assert [d["registration_number"] for d in response.json()["results"]] == ["BES-2025-0001"]
        assert response.json()["results"][0]["amount_granted_sek"] == "0.00"

    def test_a_page_of_decisions_costs_no_more_queries_than_one(
        self, api, tenant_a, admin, coach, django_assert_max_num_queries
    ):
        client = api("council_member")
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            make.decide(admin, make.item(coach, at=meeting), kind="park")
        one = rows.queries_of(lambda: client.get("/api/v1/decisions/"))
        with tenant_context(tenant_a):
            for _ in range(10):
                make.decide(admin, make.item(coach, at=meeting), kind="park")

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/decisions/")

        assert len(response.json()["results"]) == 11


class TestBudget:
    def test_an_admin_sets_the_budget_and_everyone_in_the_council_reads_it(self, api, tenant_a):
        put = api("admin").put(
            "/api/v1/budget/2026/", {"amount_sek": "500000.00"}, content_type=JSON
        )
        got = api("council_member").get("/api/v1/budget/2026/")

        assert put.status_code == 200
        assert got.json() == {
            "year": 2026,
            "is_set": True,
            "budget": "500000.00",
            "granted": "0.00",
            "spent": "0.00",
            "remaining": "500000.00",
        }

    @pytest.mark.parametrize("role", ["staff", "council_member", "coach"])
    def test_no_one_else_sets_it(self, api, tenant_a, role):
        response = api(role).put(
            "/api/v1/budget/2026/", {"amount_sek": "500000.00"}, content_type=JSON
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not CouncilBudget.objects.exists()

    def test_refuses_a_float(self, api):
        response = api("admin").put("/api/v1/budget/2026/", {"amount_sek": 0.1}, content_type=JSON)

        assert response.status_code == 400
        assert "amount_sek" in response.json()["error"]["fields"]


class TestAnotherOrganisation:
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", "/api/v1/meetings/"),
            ("post", "/api/v1/meetings/"),
            ("get", "/api/v1/meetings/{meeting}/"),
            ("patch", "/api/v1/meetings/{meeting}/"),
            ("post", "/api/v1/meetings/{meeting}/agenda/"),
            ("put", "/api/v1/meetings/{meeting}/minutes/"),
            ("post", "/api/v1/agenda-items/{item}/decision/"),
            ("delete", "/api/v1/agenda-items/{item}/"),
            ("get", "/api/v1/decisions/"),
            ("get", "/api/v1/budget/2026/"),
            ("put", "/api/v1/budget/2026/"),
        ],
    )
    def test_an_admin_of_b_gets_403_on_as_host_with_a_session_and_with_a_token(
        self, tenant_a, tenant_b, item, member_of, client_for, method, path
    ):
        person_b = member_of(tenant_b, "admin")
        token = api_token_for(person_b)
        url = path.format(meeting=item.meeting_id, item=item.pk)
        body = {**decision_body(), "title": "x", "held_on": "2026-01-01", "amount_sek": "1"}

        by_session = getattr(client_for(tenant_a, person=person_b), method)(
            url, body, content_type=JSON
        )
        by_token = getattr(client_for(tenant_a), method)(
            url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Token {token.key}"
        )

        assert by_session.status_code == 403
        assert by_token.status_code == 403
        assert CANARY_A not in by_session.content.decode() + by_token.content.decode()
        with tenant_context(tenant_a):
            assert not Decision.objects.exists()
            assert Meeting.objects.count() == 1

    def test_as_answers_never_hold_bs_canary(self, api, tenant_a, tenant_b, admin, item):
        with tenant_context(tenant_b):
            person_b = PersonFactory()
            other = make.item(person_b, idea=make.idea_in("screening", person_b, title=CANARY_B))
            make.decide(person_b, other, kind="park", rationale=CANARY_B)
        with tenant_context(tenant_a):
            make.decide(admin, item, kind="park", rationale=CANARY_A)
        client = api("admin")

        bodies = [
            client.get("/api/v1/meetings/").content.decode(),
            client.get(f"/api/v1/meetings/{item.meeting_id}/").content.decode(),
            client.get("/api/v1/decisions/").content.decode(),
        ]

        assert all(CANARY_B not in body for body in bodies)
        assert CANARY_A in bodies[1]
        assert CANARY_A in bodies[2]


class TestSchema:
    def test_every_council_operation_is_in_the_openapi_schema(self, client_for, tenant_a):
        schema = client_for(tenant_a).get("/api/schema/?format=json").json()

        operations = {
            operation["operationId"]
            for path in schema["paths"].values()
            for operation in path.values()
            if isinstance(operation, dict) and "operationId" in operation
        }
        assert {
            "council_meetings_list",
            "council_meetings_create",
            "council_meetings_retrieve",
            "council_meetings_update",
            "council_meetings_delete",
            "council_agenda_add",
            "council_agenda_reorder",
            "council_agenda_remove",
            "council_minutes_save",
            "council_decision_record",
            "council_decisions_list",
            "council_budget_retrieve",
            "council_budget_set",
        } <= operations
        decision = schema["components"]["schemas"]["DecisionOutput"]
        assert decision["properties"]["amount_granted_sek"]["type"] == "string"
