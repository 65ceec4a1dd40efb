"""Admins change roles and remove members on their own pages; the last admin stays."""

import pytest

from shared.accounts.models import ApiToken, Membership
from shared.core.models import AuditEntry
from tests.factories import api_token_for

pytestmark = pytest.mark.django_db


def membership(person, organization):  # type: ignore[no-untyped-def]
    return Membership.objects.get(person=person, organization=organization)


class TestMemberRolePage:
    def test_an_admin_gives_a_member_another_role_with_an_audit_entry(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")
        coach = member_of(tenant_a, "coach")
        client = client_for(tenant_a, person=admin)

        response = client.post(
            f"/medlemmar/{membership(coach, tenant_a).pk}/roll/", {"role": "staff"}
        )

        assert response.status_code == 302
        assert membership(coach, tenant_a).role == "staff"
        entry = AuditEntry.objects.get(
            action="membership.role_changed", target=f"person:{coach.pk}"
        )
        assert (entry.actor, entry.before, entry.after) == (
            admin,
            {"role": "coach"},
            {"role": "staff"},
        )
        assert "har nu rollen Medarbetare" in client.get("/medlemmar/").content.decode()

    def test_the_last_admin_cannot_be_demoted_and_is_told_why(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")
        client = client_for(tenant_a, person=admin)

        client.post(f"/medlemmar/{membership(admin, tenant_a).pk}/roll/", {"role": "staff"})

        assert membership(admin, tenant_a).role == "admin"
        assert "minst en administratör" in client.get("/medlemmar/").content.decode()

    def test_others_than_admins_get_403(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")
        client = client_for(tenant_a, person=member_of(tenant_a, "coach"))

        response = client.post(
            f"/medlemmar/{membership(staff, tenant_a).pk}/roll/", {"role": "admin"}
        )

        assert response.status_code == 403
        assert membership(staff, tenant_a).role == "staff"

    def test_an_admin_of_b_cannot_touch_a_member_of_a_through_bs_host(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        staff_a = member_of(tenant_a, "staff")
        client = client_for(tenant_b, person=member_of(tenant_b, "admin"))

        response = client.post(
            f"/medlemmar/{membership(staff_a, tenant_a).pk}/roll/", {"role": "admin"}
        )

        assert response.status_code == 404
        assert membership(staff_a, tenant_a).role == "staff"

    def test_the_members_page_offers_the_forms_to_admins_only(
        self, tenant_a, member_of, client_for
    ):
        admin_page = client_for(tenant_a, person=member_of(tenant_a, "admin")).get("/medlemmar/")
        coach_page = client_for(tenant_a, person=member_of(tenant_a, "coach")).get("/medlemmar/")

        assert "Byt roll" in admin_page.content.decode()
        assert "Byt roll" not in coach_page.content.decode()


class TestMemberRemovePage:
    def test_asks_for_confirmation_first(self, tenant_a, member_of, client_for):
        member_of(tenant_a, "admin")
        staff = member_of(tenant_a, "staff", person__full_name="Stina Staff")
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        page = client.get(f"/medlemmar/{membership(staff, tenant_a).pk}/ta-bort/")

        assert page.status_code == 200
        assert "Ta bort Stina Staff?" in page.content.decode()
        assert Membership.objects.filter(person=staff).exists()

    def test_removes_the_member_with_an_audit_entry_and_ends_their_tokens(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")
        staff = member_of(tenant_a, "staff")
        token = api_token_for(staff)
        client = client_for(tenant_a, person=admin)

        response = client.post(f"/medlemmar/{membership(staff, tenant_a).pk}/ta-bort/")

        assert response.status_code == 302
        assert not Membership.objects.filter(person=staff, organization=tenant_a).exists()
        entry = AuditEntry.objects.get(action="membership.removed", target=f"person:{staff.pk}")
        assert (entry.actor, entry.before) == (admin, {"role": "staff"})
        assert ApiToken.objects.get(pk=token.token.pk).revoked_at is not None

    def test_the_last_admin_cannot_be_removed(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")
        client = client_for(tenant_a, person=admin)

        response = client.post(f"/medlemmar/{membership(admin, tenant_a).pk}/ta-bort/")

        assert response.status_code == 400
        assert "minst en administratör" in response.content.decode()
        assert Membership.objects.filter(person=admin, organization=tenant_a).exists()

    def test_others_than_admins_get_403(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")
        client = client_for(tenant_a, person=member_of(tenant_a, "council_member"))

        assert (
            client.post(f"/medlemmar/{membership(staff, tenant_a).pk}/ta-bort/").status_code == 403
        )
        assert Membership.objects.filter(person=staff).exists()
