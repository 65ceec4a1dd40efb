"""The idea calls' API: who may read, create and change; state filter; isolation; queries."""

import datetime

import pytest
from django_tenants.utils import tenant_context

from tenants.calls.models import IdeaCall
from tests.factories import api_token_for
from tests.tenants import rows
from tests.tenants.rows import CANARY_A, CANARY_B, days

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def api(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def call_a(tenant_a):
    with tenant_context(tenant_a):
        return rows.call(title=f"Utlysning {CANARY_A}", problem=CANARY_A)


def new_call(**fields):
    return {
        "title": "Idéer mot ensamhet",
        "problem": "Många äldre är ensamma.",
        "audiences": ["citizen", "staff"],
        "opens_on": days(0).isoformat(),
        "closes_on": days(30).isoformat(),
        **fields,
    }


class TestListingCalls:
    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member", "coach", "admin"])
    def test_every_member_may_read_the_calls(self, api, call_a, role):
        response = api(role).get("/api/v1/calls/")

        assert response.status_code == 200
        assert [c["id"] for c in response.json()["results"]] == [call_a.pk]

    def test_shows_state_idea_count_and_needs(self, api, tenant_a):
        with tenant_context(tenant_a):
            need = rows.need(title="Ensamhet")
            call = rows.call(needs=[need], opens_on=days(-3), closes_on=days(-1))
            rows.idea(call=call)
            rows.idea(call=call)

        result = api("viewer").get("/api/v1/calls/").json()["results"][0]

        assert result["state"] == "closed"
        assert result["idea_count"] == 2
        assert result["needs"] == [{"id": need.pk, "title": "Ensamhet"}]
        assert result["closes_on"] == days(-1).isoformat()

    @pytest.mark.parametrize("state", ["open", "upcoming", "closed"])
    def test_filters_by_state(self, api, tenant_a, state):
        with tenant_context(tenant_a):
            rows.call(title="open", opens_on=days(-1), closes_on=days(1))
            rows.call(title="upcoming", opens_on=days(1), closes_on=days(2))
            rows.call(title="closed", opens_on=days(-2), closes_on=days(-1))

        response = api("viewer").get(f"/api/v1/calls/?state={state}")

        assert [c["title"] for c in response.json()["results"]] == [state]

    def test_refuses_an_unknown_state(self, api):
        response = api("viewer").get("/api/v1/calls/?state=halvöppen")

        assert response.status_code == 400
        assert "state" in response.json()["error"]["fields"]

    def test_a_page_of_25_calls_costs_no_more_queries_than_one_call(
        self, api, tenant_a, django_assert_max_num_queries
    ):
        client = api("viewer")

        def linked_call():
            with tenant_context(tenant_a):
                call = rows.call(needs=[rows.need()])
                rows.idea(call=call)

        linked_call()
        one = rows.queries_of(lambda: client.get("/api/v1/calls/"))
        for _ in range(24):
            linked_call()

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/calls/")
        with django_assert_max_num_queries(14):
            client.get("/api/v1/calls/")

        assert len(response.json()["results"]) == 25
        assert {c["idea_count"] for c in response.json()["results"]} == {1}


class TestCreatingCalls:
    @pytest.mark.parametrize("role", ["coach", "admin"])
    def test_those_who_manage_calls_create_one_for_some_needs(self, api, tenant_a, role):
        with tenant_context(tenant_a):
            need = rows.need()

        response = api(role).post("/api/v1/calls/", new_call(needs=[need.pk]), content_type=JSON)

        assert response.status_code == 201
        body = response.json()
        assert body["state"] == "open"
        assert body["idea_count"] == 0
        assert body["audiences"] == ["staff", "citizen"]
        assert [n["id"] for n in body["needs"]] == [need.pk]

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not_create_a_call(self, api, tenant_a, role):
        response = api(role).post("/api/v1/calls/", new_call(), content_type=JSON)

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not IdeaCall.objects.exists()

    def test_refuses_dates_in_the_wrong_order_on_the_last_day(self, api, tenant_a):
        response = api("admin").post(
            "/api/v1/calls/",
            new_call(opens_on=days(5).isoformat(), closes_on=days(4).isoformat()),
            content_type=JSON,
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "closes_on": ["Sista dagen kan inte vara före den dag utlysningen öppnar."]
        }
        with tenant_context(tenant_a):
            assert not IdeaCall.objects.exists()

    def test_refuses_a_call_without_an_audience(self, api):
        response = api("admin").post("/api/v1/calls/", new_call(audiences=[]), content_type=JSON)

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"audiences": ["Välj minst en målgrupp."]}

    def test_refuses_a_need_of_another_organisation(self, api, tenant_b):
        with tenant_context(tenant_b):
            need_b = rows.need()
            need_b_pk = need_b.pk
            need_b.delete()  # so no need in A can share its id by chance

        response = api("admin").post(
            "/api/v1/calls/", new_call(needs=[need_b_pk]), content_type=JSON
        )

        assert response.status_code == 400
        assert "needs" in response.json()["error"]["fields"]


class TestReadingAndChangingOneCall:
    def test_a_viewer_reads_one_call(self, api, call_a):
        response = api("viewer").get(f"/api/v1/calls/{call_a.pk}/")

        assert response.status_code == 200
        assert response.json()["problem"] == CANARY_A

    def test_an_unknown_call_is_not_found(self, api):
        assert api("viewer").get("/api/v1/calls/987654/").status_code == 404

    def test_a_coach_moves_the_last_day_and_leaves_the_rest(self, api, tenant_a, call_a):
        response = api("coach").patch(
            f"/api/v1/calls/{call_a.pk}/", {"closes_on": days(40).isoformat()}, content_type=JSON
        )

        assert response.status_code == 200
        assert response.json()["closes_on"] == days(40).isoformat()
        assert response.json()["title"] == f"Utlysning {CANARY_A}"

    def test_closing_before_it_opens_is_refused(self, api, call_a):
        response = api("admin").patch(
            f"/api/v1/calls/{call_a.pk}/",
            {"closes_on": (call_a.opens_on - datetime.timedelta(days=1)).isoformat()},
            content_type=JSON,
        )

        assert response.status_code == 400
        assert "closes_on" in response.json()["error"]["fields"]

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not_change_a_call(self, api, tenant_a, call_a, role):
        response = api(role).patch(
            f"/api/v1/calls/{call_a.pk}/", {"title": "Kapad"}, content_type=JSON
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            call_a.refresh_from_db()
        assert call_a.title != "Kapad"


class TestAnotherOrganisation:
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", "/api/v1/calls/"),
            ("post", "/api/v1/calls/"),
            ("get", "/api/v1/calls/{pk}/"),
            ("patch", "/api/v1/calls/{pk}/"),
        ],
    )
    def test_a_member_of_b_gets_403_on_as_host_with_a_session_and_with_a_token(
        self, tenant_a, tenant_b, call_a, member_of, client_for, method, path
    ):
        person_b = member_of(tenant_b, "admin")
        token = api_token_for(person_b)
        url = path.format(pk=call_a.pk)

        by_session = getattr(client_for(tenant_a, person=person_b), method)(
            url, new_call(), content_type=JSON
        )
        by_token = getattr(client_for(tenant_a), method)(
            url, new_call(), content_type=JSON, HTTP_AUTHORIZATION=f"Token {token.key}"
        )

        assert by_session.status_code == 403
        assert by_token.status_code == 403
        assert CANARY_A not in by_session.content.decode() + by_token.content.decode()
        with tenant_context(tenant_a):
            assert IdeaCall.objects.count() == 1

    def test_as_answers_never_hold_bs_canary(self, api, tenant_b, call_a):
        with tenant_context(tenant_b):
            call_b = rows.call(title=f"Utlysning {CANARY_B}", problem=CANARY_B)
        client = api("admin")

        bodies = [
            client.get(path).content.decode()
            for path in (
                "/api/v1/calls/",
                "/api/v1/calls/?state=open",
                f"/api/v1/calls/{call_a.pk}/",
                f"/api/v1/calls/{call_b.pk}/",
            )
        ]

        assert all(CANARY_B not in body for body in bodies)
        assert CANARY_A in bodies[0]
