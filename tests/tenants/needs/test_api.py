"""The needs bank's API: who may read, submit, change and triage; filters; isolation; queries."""

import pytest
from django_tenants.utils import tenant_context

from tenants.needs.models import Need
from tests.factories import api_token_for
from tests.tenants import rows
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def api(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def need_a(tenant_a):
    with tenant_context(tenant_a):
        return rows.need(title=f"Behov {CANARY_A}", description=CANARY_A, tags=["mat"])


def linked_need(organization):
    """A need with an idea and a call that answer it."""
    with tenant_context(organization):
        need = rows.need()
        rows.idea(needs=[need])
        rows.call(needs=[need])
    return need


class TestListingNeeds:
    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member", "coach", "admin"])
    def test_every_member_may_read_the_needs_bank(self, api, need_a, role):
        response = api(role).get("/api/v1/needs/")

        assert response.status_code == 200
        assert [n["id"] for n in response.json()["results"]] == [need_a.pk]

    def test_shows_what_a_need_says_and_how_many_ideas_and_calls_answer_it(
        self, api, tenant_a, need_a
    ):
        with tenant_context(tenant_a):
            rows.idea(needs=[need_a])
            rows.call(needs=[need_a])

        result = api("viewer").get("/api/v1/needs/").json()["results"][0]

        assert result["tags"] == ["mat"]
        assert result["source"] == "staff"
        assert result["status"] == "open"
        assert (result["idea_count"], result["call_count"]) == (1, 1)
        assert "contact" not in result

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("status=solved", ["Löst"]),
            ("tag=skola", ["Skola"]),
            ("source=business", ["Från näringslivet"]),
            ("q=belysning", ["Skola"]),
        ],
    )
    def test_filters_by_status_tag_source_and_search_words(self, api, tenant_a, query, expected):
        with tenant_context(tenant_a):
            rows.need(title="Löst", status="solved")
            rows.need(title="Skola", tags=["skola"], description="Belysning på skolgården")
            rows.need(title="Från näringslivet", source="business")

        response = api("viewer").get(f"/api/v1/needs/?{query}")

        assert [n["title"] for n in response.json()["results"]] == expected

    def test_refuses_an_unknown_status_filter_in_the_one_error_shape(self, api):
        response = api("viewer").get("/api/v1/needs/?status=glomt")

        assert response.status_code == 400
        assert "status" in response.json()["error"]["fields"]

    def test_a_page_of_25_needs_costs_no_more_queries_than_one_need(
        self, api, tenant_a, django_assert_max_num_queries
    ):
        client = api("viewer")
        linked_need(tenant_a)
        one = rows.queries_of(lambda: client.get("/api/v1/needs/"))
        for _ in range(24):
            linked_need(tenant_a)

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/needs/")
        with django_assert_max_num_queries(12):
            client.get("/api/v1/needs/")

        assert len(response.json()["results"]) == 25


class TestSubmittingNeeds:
    @pytest.mark.parametrize("role", ["staff", "council_member", "coach", "admin"])
    def test_members_who_take_part_may_register_a_need(self, api, tenant_a, role):
        response = api(role).post(
            "/api/v1/needs/",
            {"title": "Nytt", "description": "Beskrivning", "tags": ["Mat"], "source": "citizen"},
            content_type=JSON,
        )

        assert response.status_code == 201
        assert response.json()["tags"] == ["mat"]
        assert response.json()["idea_count"] == 0
        with tenant_context(tenant_a):
            assert Need.objects.get(pk=response.json()["id"]).source == "citizen"

    def test_a_viewer_may_not_register_a_need(self, api, tenant_a):
        response = api("viewer").post(
            "/api/v1/needs/", {"title": "Nytt", "description": "B"}, content_type=JSON
        )

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        with tenant_context(tenant_a):
            assert not Need.objects.exists()

    def test_says_which_fields_are_missing(self, api):
        response = api("staff").post("/api/v1/needs/", {"title": " "}, content_type=JSON)

        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"title", "description"}


class TestReadingAndChangingOneNeed:
    def test_a_viewer_reads_one_need(self, api, need_a):
        response = api("viewer").get(f"/api/v1/needs/{need_a.pk}/")

        assert response.status_code == 200
        assert response.json()["description"] == CANARY_A

    def test_an_unknown_need_is_not_found(self, api):
        response = api("viewer").get("/api/v1/needs/987654/")

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    @pytest.mark.parametrize("role", ["coach", "admin"])
    def test_those_who_manage_needs_change_what_it_says(self, api, tenant_a, need_a, role):
        response = api(role).patch(
            f"/api/v1/needs/{need_a.pk}/", {"unit": "Skolan", "tags": ["Skola"]}, content_type=JSON
        )

        assert response.status_code == 200
        assert (response.json()["unit"], response.json()["tags"]) == ("Skolan", ["skola"])
        with tenant_context(tenant_a):
            need_a.refresh_from_db()
        assert need_a.title == f"Behov {CANARY_A}"  # untouched

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not_change_a_need(self, api, tenant_a, need_a, role):
        response = api(role).patch(
            f"/api/v1/needs/{need_a.pk}/", {"title": "Kapat"}, content_type=JSON
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            need_a.refresh_from_db()
        assert need_a.title != "Kapat"


class TestTriagingANeed:
    def test_a_coach_moves_a_need_on_with_a_reason(self, api, tenant_a, need_a):
        response = api("coach").post(
            f"/api/v1/needs/{need_a.pk}/status/",
            {"status": "being_addressed", "reason": "Vi gör en utlysning"},
            content_type=JSON,
        )

        assert response.status_code == 200
        assert response.json()["status"] == "being_addressed"

    def test_withdrawing_without_a_reason_is_refused_on_the_reason_field(self, api, need_a):
        response = api("admin").post(
            f"/api/v1/needs/{need_a.pk}/status/", {"status": "withdrawn"}, content_type=JSON
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "reason": ["Skriv varför behovet återkallas."]
        }

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_only_those_who_manage_needs_triage(self, api, tenant_a, need_a, role):
        response = api(role).post(
            f"/api/v1/needs/{need_a.pk}/status/", {"status": "solved"}, content_type=JSON
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            need_a.refresh_from_db()
        assert need_a.status == "open"


class TestAnotherOrganisation:
    @pytest.fixture
    def need_b(self, tenant_b):
        with tenant_context(tenant_b):
            return rows.need(title=f"Behov {CANARY_B}", description=CANARY_B)

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", "/api/v1/needs/"),
            ("post", "/api/v1/needs/"),
            ("get", "/api/v1/needs/{pk}/"),
            ("patch", "/api/v1/needs/{pk}/"),
            ("post", "/api/v1/needs/{pk}/status/"),
        ],
    )
    def test_a_member_of_b_gets_403_on_as_host_with_a_session_and_with_a_token(
        self, tenant_a, tenant_b, need_a, member_of, client_for, method, path
    ):
        person_b = member_of(tenant_b, "admin")
        token = api_token_for(person_b)
        url = path.format(pk=need_a.pk)
        body = {"title": "x", "description": "y", "status": "solved"}

        by_session = getattr(client_for(tenant_a, person=person_b), method)(
            url, body, content_type=JSON
        )
        by_token = getattr(client_for(tenant_a), method)(
            url, body, content_type=JSON, HTTP_AUTHORIZATION=f"Token {token.key}"
        )

        assert by_session.status_code == 403
        assert by_token.status_code == 403
        assert CANARY_A not in by_session.content.decode() + by_token.content.decode()

    def test_as_answers_never_hold_bs_canary(self, api, need_a, need_b):
        client = api("admin")

        bodies = [
            client.get("/api/v1/needs/").content.decode(),
            client.get("/api/v1/needs/?q=KANARIE").content.decode(),
            client.get(f"/api/v1/needs/{need_a.pk}/").content.decode(),
            client.get(f"/api/v1/needs/{need_b.pk}/").content.decode(),
        ]

        assert all(CANARY_B not in body for body in bodies)
        assert CANARY_A in bodies[0]
