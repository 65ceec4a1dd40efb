"""A new organisation's first admin is invited by mail and chooses their own password."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from shared.accounts.models import Membership, PlatformRole
from shared.organizations import services
from shared.organizations.models import ProvisioningRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def set_password_link(body: str) -> str:
    return next(line for line in body.splitlines() if "/password-reset/" in line)


class TestFirstAdminInvitation:
    def test_provisioning_makes_an_admin_without_a_password_and_mails_a_set_password_link(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            organization = services.organization_provision(
                name="Ydre kommun",
                slug="ydre-test",
                kind="municipality",
                municipality_codes=["0512"],
                admin_email="Anna.Admin@Ydre.example",
                admin_name="Anna Admin",
            )

        membership = Membership.objects.select_related("person").get(organization=organization)
        assert membership.role == "admin"
        assert membership.person.email == "anna.admin@ydre.example"
        assert not membership.person.has_usable_password()
        assert [m.to for m in mail.outbox] == [["anna.admin@ydre.example"]]
        assert set_password_link(mail.outbox[0].body).startswith(
            "http://ydre-test.localhost/accounts/password-reset/"
        )

    def test_asks_for_both_the_address_and_the_name(self):
        with pytest.raises(ValidationError) as error:
            services.organization_validate_new(
                name="Ydre kommun",
                slug="ydre-test",
                kind="municipality",
                municipality_codes=["0512"],
                admin_email="inte en adress",
            )

        assert set(error.value.message_dict) == {"admin_email", "admin_name"}

    def test_a_provisioning_request_carries_the_admin_to_the_task(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            request = services.provisioning_request_create(
                name="Lerum",
                slug="lerum-test",
                kind="municipality",
                municipality_codes=["1441"],
                admin_email="lisa@lerum.example",
                admin_name="Lisa Lerum",
            )

        request = ProvisioningRequest.objects.get(pk=request.pk)
        assert request.status == "succeeded"
        person = Membership.objects.get(organization=request.organization, role="admin").person
        assert person.email == "lisa@lerum.example"
        assert not person.has_usable_password()
        assert len(mail.outbox) == 1

    def test_the_command_invites_the_admin_it_is_given(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "provision_organization",
                "aneby-test",
                "Aneby kommun",
                "municipality",
                "0604",
                "--admin-email=olle@aneby.example",
                "--admin-name=Olle Aneby",
                stdout=open("/dev/null", "w"),  # noqa: SIM115
            )

        person = Membership.objects.get(organization__slug="aneby-test").person
        assert not person.has_usable_password()
        assert mail.outbox[0].to == ["olle@aneby.example"]


class TestNoPasswordIsSetForSomeoneElse:
    def test_the_admin_form_has_no_password_field_and_the_person_has_no_usable_password(
        self, client_for
    ):
        staff = PersonFactory(
            platform_role=PlatformRole.PLATFORM_STAFF, is_staff=True, is_superuser=True
        )
        client = client_for(person=staff)
        form = client.get("/admin/accounts/person/add/").content.decode()

        client.post(
            "/admin/accounts/person/add/",
            {
                "email": "ny@example.org",
                "full_name": "Ny Person",
                "platform_role": "",
                "is_active": "on",
                "preferred_language": "sv",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
            },
        )

        assert 'name="password' not in form
        from shared.accounts.models import Person

        assert not Person.objects.get(email="ny@example.org").has_usable_password()
