"""The members API: admins change roles and end memberships; the last admin stays."""

import pytest

from shared.accounts.models import Membership
from shared.core.models import AuditEntry

pytestmark = pytest.mark.django_db

JSON = "application/json"


def pk_of(person, organization):  # type: ignore[no-untyped-def]
    return Membership.objects.get(person=person, organization=organization).pk


class TestMemberListApi:
    def test_coaches_read_the_members_of_this_organisation_only(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        coach = member_of(tenant_a, "coach")
        member_of(tenant_b, "staff")

        body = client_for(tenant_a, person=coach).get("/api/v1/members/").json()

        assert [m["email"] for m in body["results"]] == [coach.email]

    def test_staff_get_403(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "staff"))

        assert client.get("/api/v1/members/").status_code == 403


class TestMemberDetailApi:
    def test_an_admin_changes_a_role_with_an_audit_entry(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")
        coach = member_of(tenant_a, "coach")

        response = client_for(tenant_a, person=admin).patch(
            f"/api/v1/members/{pk_of(coach, tenant_a)}/", {"role": "viewer"}, content_type=JSON
        )

        assert response.status_code == 200
        assert response.json()["role"] == "viewer"
        assert AuditEntry.objects.filter(
            action="membership.role_changed", target=f"person:{coach.pk}", actor=admin
        ).exists()

    def test_demoting_the_last_admin_is_400_in_the_error_shape(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")

        response = client_for(tenant_a, person=admin).patch(
            f"/api/v1/members/{pk_of(admin, tenant_a)}/", {"role": "staff"}, content_type=JSON
        )

        assert response.status_code == 400
        assert "minst en administratör" in response.json()["error"]["fields"]["role"][0]
        assert Membership.objects.get(person=admin).role == "admin"

    def test_an_admin_removes_a_member(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")
        staff = member_of(tenant_a, "staff")

        response = client_for(tenant_a, person=admin).delete(
            f"/api/v1/members/{pk_of(staff, tenant_a)}/"
        )

        assert response.status_code == 204
        assert not Membership.objects.filter(person=staff).exists()
        assert AuditEntry.objects.filter(
            action="membership.removed", target=f"person:{staff.pk}"
        ).exists()

    def test_removing_the_last_admin_is_refused(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")

        response = client_for(tenant_a, person=admin).delete(
            f"/api/v1/members/{pk_of(admin, tenant_a)}/"
        )

        assert response.status_code == 400
        assert Membership.objects.filter(person=admin).exists()

    def test_a_second_admin_may_be_demoted(self, tenant_a, member_of, client_for):
        first, second = member_of(tenant_a, "admin"), member_of(tenant_a, "admin")

        response = client_for(tenant_a, person=first).patch(
            f"/api/v1/members/{pk_of(second, tenant_a)}/", {"role": "coach"}, content_type=JSON
        )

        assert response.status_code == 200

    def test_coaches_may_read_but_not_change(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")
        client = client_for(tenant_a, person=member_of(tenant_a, "coach"))
        url = f"/api/v1/members/{pk_of(staff, tenant_a)}/"

        assert client.get(url).status_code == 200
        assert client.patch(url, {"role": "admin"}, content_type=JSON).status_code == 403
        assert client.delete(url).status_code == 403

    def test_a_member_of_another_organisation_is_404(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        staff_b = member_of(tenant_b, "staff")
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        assert client.delete(f"/api/v1/members/{pk_of(staff_b, tenant_b)}/").status_code == 404
        assert Membership.objects.filter(person=staff_b).exists()
