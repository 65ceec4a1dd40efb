import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from shared.accounts import services
from shared.accounts.models import Membership, Person
from shared.core.models import AuditEntry

pytestmark = pytest.mark.django_db


class TestMembershipAdd:
    def test_creates_the_person_and_mails_a_welcome_after_commit(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            membership = services.membership_add(
                organization=tenant_a, email="ny@example.org", full_name="Ny Person", role="coach"
            )

        assert membership.person.email == "ny@example.org"
        assert not membership.person.has_usable_password()
        assert len(mail.outbox) == 1
        assert "Alfa kommun" in mail.outbox[0].subject
        assert "http://alfa.localhost/accounts/password-reset/" in mail.outbox[0].body

    def test_sends_no_mail_when_the_transaction_rolls_back(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.membership_add(
                organization=tenant_a, email="ny@example.org", full_name="Ny", role="coach"
            )
        # The callback only runs on commit; nothing went out before it.
        assert len(callbacks) == 1
        assert mail.outbox == []

    def test_refuses_a_second_membership_in_the_same_organisation(self, tenant_a, member_of):
        person = member_of(tenant_a)

        with pytest.raises(ValidationError) as error:
            services.membership_add(
                organization=tenant_a, email=person.email, full_name="x", role="admin"
            )

        assert "email" in error.value.message_dict

    def test_refuses_an_unknown_role(self, tenant_a):
        with pytest.raises(ValidationError):
            services.membership_add(
                organization=tenant_a, email="a@example.org", full_name="A", role="king"
            )

    def test_writes_an_audit_row(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")

        services.membership_add(
            organization=tenant_a, email="a@example.org", full_name="A", role="staff", by=admin
        )

        entry = AuditEntry.objects.get(action="membership.added")
        person = Person.objects.get(email="a@example.org")
        expected = (admin, tenant_a, f"person:{person.pk}")
        assert (entry.actor, entry.organization, entry.target) == expected

    def test_names_the_person_in_the_audit_row_by_pseudonym_not_by_address(self, tenant_a):
        services.membership_add(
            organization=tenant_a, email="a@example.org", full_name="Anna A", role="staff"
        )

        entry = AuditEntry.objects.get(action="membership.added")
        assert "a@example.org" not in str([entry.target, entry.before, entry.after])


class TestMembershipChangeAndRemove:
    def test_keeps_at_least_one_admin(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        membership = Membership.objects.get(person=admin)

        with pytest.raises(ValidationError):
            services.membership_change_role(membership=membership, role="staff")
        with pytest.raises(ValidationError):
            services.membership_remove(membership=membership)

    def test_changes_a_role_with_before_and_after_in_the_audit_log(self, tenant_a, member_of):
        member_of(tenant_a, "admin")
        membership = Membership.objects.get(person=member_of(tenant_a, "staff"))

        services.membership_change_role(membership=membership, role="coach")

        entry = AuditEntry.objects.get(action="membership.role_changed")
        assert (entry.before, entry.after) == ({"role": "staff"}, {"role": "coach"})


class TestMembersPage:
    def test_an_admin_adds_a_member_and_the_page_says_so(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.post(
            "/medlemmar/",
            {"email": "ny@example.org", "full_name": "Ny Person", "role": "coach"},
            follow=True,
        )

        assert "ny@example.org" in response.content.decode()
        assert Membership.objects.filter(
            person__email="ny@example.org", organization=tenant_a
        ).exists()

    def test_bad_input_is_shown_by_the_field_and_the_typed_text_is_kept(
        self, tenant_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.post(
            "/medlemmar/", {"email": "inte-en-adress", "full_name": "Kvar Text", "role": "coach"}
        )

        assert response.status_code == 400
        assert response.context["form"].errors["email"]
        assert 'value="Kvar Text"' in response.content.decode()

    def test_a_staff_member_cannot_add_members(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "staff"))

        assert client.get("/medlemmar/").status_code == 403
        response = client.post(
            "/medlemmar/", {"email": "x@example.org", "full_name": "X", "role": "admin"}
        )
        assert response.status_code == 403
