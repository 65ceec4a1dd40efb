"""The members API gives those who assign coaches and owners the ids they need."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tests.factories import make_idea

pytestmark = pytest.mark.django_db


class TestMemberList:
    def test_lists_each_member_with_the_person_id_that_coach_assignment_takes(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")
        coach = member_of(tenant_a, "coach")
        client = client_for(tenant_a, person=admin)

        listed = client.get("/api/v1/members/?role=coach").json()["results"]
        with tenant_context(tenant_a):
            idea = make_idea()
        assigned = client.post(
            f"/api/v1/ideas/{idea.pk}/coach/",
            {"coach": listed[0]["person_id"]},
            content_type="application/json",
        )

        assert [(m["person_id"], m["role"]) for m in listed] == [(coach.pk, "coach")]
        assert assigned.status_code in (200, 201)

    def test_refuses_an_unknown_role_filter(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")

        response = client_for(tenant_a, person=admin).get("/api/v1/members/?role=boss")

        assert response.status_code == 400

    def test_is_refused_to_staff_who_do_not_assign_anyone(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")

        assert client_for(tenant_a, person=staff).get("/api/v1/members/").status_code == 403
