"""The library API: every member reads; the list and one method; isolation; queries."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.library import services
from tests.factories import api_token_for, make_idea
from tests.tenants import rows
from tests.tenants.library.make import method, upload
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

ROLES = ["viewer", "staff", "council_member", "coach", "admin"]


@pytest.fixture
def api(tenant_a, member_of, client_for):
    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def method_a(tenant_a, coach):
    with tenant_context(tenant_a):
        made = services.method_create(
            kind="testbed",
            title=f"Solgården {CANARY_A}",
            description="Ett äldreboende.",
            file=upload("Så testar vi.pdf"),
            by=coach,
        )
        made.ideas.add(make_idea(title="Lådcyklar"))
        return made


class TestTheLibrary:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_member_may_read_it(self, api, method_a, role):
        response = api(role).get("/api/v1/methods/")

        assert response.status_code == 200
        [result] = response.json()["results"]
        assert (result["id"], result["kind"], result["idea_count"]) == (method_a.pk, "testbed", 1)
        assert result["file_url"] == f"/metoder/{method_a.pk}/fil/"

    def test_filters_by_kind_and_search(self, api, tenant_a, method_a):
        with tenant_context(tenant_a):
            method(kind="tool", title="Idékort")
        client = api("viewer")

        tools = client.get("/api/v1/methods/?kind=tool").json()["results"]
        found = client.get("/api/v1/methods/?q=äldreboende").json()["results"]

        assert [m["title"] for m in tools] == ["Idékort"]
        assert [m["id"] for m in found] == [method_a.pk]

    def test_gives_a_method_with_its_ideas_and_trials(self, api, method_a):
        body = api("viewer").get(f"/api/v1/methods/{method_a.pk}/").json()

        assert [i["title"] for i in body["ideas"]] == ["Lådcyklar"]
        assert body["trials"] == []
        assert body["file_name"].endswith(".pdf")

    def test_a_method_that_does_not_exist_is_not_found(self, api):
        assert api("viewer").get("/api/v1/methods/999999/").status_code == 404

    def test_is_read_only(self, api):
        response = api("admin").post("/api/v1/methods/", {"title": "x"})

        assert response.status_code == 405

    def test_a_page_costs_no_more_queries_than_one_method(
        self, api, tenant_a, django_assert_max_num_queries
    ):
        client = api("viewer")

        def linked():
            with tenant_context(tenant_a):
                method().ideas.add(make_idea())

        linked()
        one = rows.queries_of(lambda: client.get("/api/v1/methods/"))
        for _ in range(9):
            linked()

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/methods/")

        assert len(response.json()["results"]) == 10


class TestIsolation:
    @pytest.fixture
    def method_b(self, tenant_b):
        with tenant_context(tenant_b):
            return method(title=f"Metod {CANARY_B}")

    def test_a_member_of_b_gets_403_on_as_host_with_a_session(
        self, tenant_a, tenant_b, method_a, method_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        for path in ["/api/v1/methods/", f"/api/v1/methods/{method_a.pk}/"]:
            response = client.get(path)
            assert response.status_code == 403
            assert CANARY_A not in response.content.decode()

    def test_a_token_of_b_reads_only_bs_library(
        self, tenant_a, tenant_b, method_a, method_b, member_of, client_for
    ):
        token = api_token_for(member_of(tenant_b, "viewer"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        on_a = client_for(tenant_a).get("/api/v1/methods/", **auth)
        on_b = client_for(tenant_b).get("/api/v1/methods/", **auth)

        assert on_a.status_code == 403
        assert CANARY_A not in on_a.content.decode()
        assert [m["title"] for m in on_b.json()["results"]] == [f"Metod {CANARY_B}"]
