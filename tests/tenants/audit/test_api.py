"""The audit log's API: admins only, filtered, paginated, with the names of who acted."""

import pytest
from django_tenants.utils import tenant_context

from tenants.audit.services import audit_event_record
from tests.factories import api_token_for
from tests.tenants import rows
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit/"


@pytest.fixture
def as_person(tenant_a, client_for):  # type: ignore[no-untyped-def]
    return lambda person: client_for(tenant_a, person=person)


@pytest.fixture
def logged(tenant_a, admin):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        idea = rows.idea(title=CANARY_A)
        return [
            audit_event_record(actor=admin, action="idea.renamed", obj=idea, after={"t": "B"}),
            audit_event_record(actor=None, action="idea.reminded", obj=idea),
        ]


class TestListingTheLog:
    def test_admins_read_the_log_newest_first_with_names(self, as_person, admin, logged):
        response = as_person(admin).get(URL)

        assert response.status_code == 200
        results = response.json()["results"]
        assert [r["id"] for r in results] == [logged[1].pk, logged[0].pk]
        assert results[1]["actor"] == {"id": admin.pk, "name": "Ada Admin"}
        assert results[0]["actor"] is None
        assert results[1]["after"] == {"t": "B"}
        assert results[1]["object_type"] == "ideas.idea"

    def test_filters_by_actor_action_and_day(self, as_person, admin, logged):
        client = as_person(admin)

        by_admin = client.get(URL, {"actor": admin.pk}).json()["results"]
        reminders = client.get(URL, {"action": "idea.reminded"}).json()["results"]
        long_ago = client.get(URL, {"until": "2000-01-01"}).json()["results"]

        assert [r["id"] for r in by_admin] == [logged[0].pk]
        assert [r["id"] for r in reminders] == [logged[1].pk]
        assert long_ago == []

    def test_a_bad_filter_is_400_with_the_field(self, as_person, admin):
        response = as_person(admin).get(URL, {"since": "igår"})

        assert response.status_code == 400
        assert "since" in response.json()["error"]["fields"]

    @pytest.mark.parametrize("role", ["staff", "coach", "council_member", "viewer"])
    def test_is_403_for_everyone_but_admins(self, tenant_a, as_person, member_of, role):
        assert as_person(member_of(tenant_a, role)).get(URL).status_code == 403

    def test_a_token_of_another_organisations_admin_is_403_and_sees_only_its_own_log(
        self, tenant_a, tenant_b, member_of, client_for, logged
    ):
        with tenant_context(tenant_b):
            audit_event_record(actor=None, action="idea.x", obj=rows.idea(title=CANARY_B))
        token = api_token_for(member_of(tenant_b, "admin"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        on_a = client_for(tenant_a).get(URL, **auth)
        on_b = client_for(tenant_b).get(URL, **auth)

        assert on_a.status_code == 403
        assert CANARY_A not in on_a.content.decode()
        assert CANARY_B in on_b.content.decode()
        assert CANARY_A not in on_b.content.decode()

    def test_a_page_of_25_by_25_people_costs_no_more_queries_than_one(
        self, tenant_a, as_person, admin, member_of, django_assert_max_num_queries
    ):
        client = as_person(admin)
        with tenant_context(tenant_a):
            idea = rows.idea()
            audit_event_record(actor=admin, action="idea.x", obj=idea)
        one = rows.queries_of(lambda: client.get(URL))
        people = [member_of(tenant_a, "staff") for _ in range(24)]
        with tenant_context(tenant_a):
            for person in people:
                audit_event_record(actor=person, action="idea.x", obj=idea)

        with django_assert_max_num_queries(one):
            response = client.get(URL)

        assert len(response.json()["results"]) == 25
