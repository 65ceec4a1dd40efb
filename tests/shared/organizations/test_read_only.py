"""Suspended and archived organisations keep read access and nothing more."""

import pytest
from django_tenants.utils import schema_context

from shared.organizations import services
from tenants.contacts import services as contact_services
from tenants.contacts.models import Contact
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def unconfirmed_contact(organization) -> Contact:
    with schema_context(organization.schema_name):
        return contact_services.contact_register(
            name="Kim Kontakt",
            email="kim@example.org",
            audience="citizen",
            consent_text="Jag samtycker (test).",
        )


def confirmed_at(organization, contact: Contact):
    with schema_context(organization.schema_name):
        return Contact.objects.get(pk=contact.pk).confirmed_at


@pytest.mark.parametrize("status", ["suspended", "archived"])
class TestReadOnlyOrganisation:
    def test_members_can_still_read(self, tenant_a, member_of, client_for, status):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))
        services.organization_set_status(organization=tenant_a, status=status)

        assert client.get("/api/v1/needs/").status_code == 200

    def test_changes_are_refused_with_an_explanation(self, tenant_a, member_of, client_for, status):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))
        services.organization_set_status(organization=tenant_a, status=status)

        api = client.post("/api/v1/needs/", {"title": "x", "description": "y"})
        page = client.post("/behov/", {"title": "x", "description": "y"})

        assert api.status_code == 403
        assert api.json()["error"]["code"] == "read_only"
        assert page.status_code == 403
        assert "Skrivskyddad" in page.content.decode()

    def test_members_can_still_log_in_get_a_token_and_export(
        self, tenant_a, member_of, client_for, status
    ):
        member_of(tenant_a, "admin", person__email="las@example.org")
        services.organization_set_status(organization=tenant_a, status=status)
        client = client_for(tenant_a)

        login = client.post(
            "/accounts/login/", {"username": "las@example.org", "password": TEST_PASSWORD}
        )
        token = client_for(tenant_a).post(
            "/api/v1/auth/token/", {"email": "las@example.org", "password": TEST_PASSWORD}
        )

        assert login.status_code == 302
        assert client.get("/behov/").status_code == 200
        assert client.get("/behov/export.csv").status_code == 200
        assert token.status_code == 200
        assert token.json()["token"]

    def test_the_portal_refuses_submissions(self, tenant_a, client_for, status):
        services.organization_set_status(organization=tenant_a, status=status)

        response = client_for(tenant_a).post("/portal/nytt-behov/", {"title": "x"})

        assert response.status_code == 403

    def test_the_portals_mailed_link_shows_the_page_but_does_not_confirm(
        self, tenant_a, client_for, status
    ):
        contact = unconfirmed_contact(tenant_a)
        services.organization_set_status(organization=tenant_a, status=status)

        response = client_for(tenant_a).get(f"/portal/folj/{contact.access_token}/")

        assert response.status_code == 200
        body = response.content.decode()
        assert "skrivskyddad" in body
        assert "är bekräftad" not in body
        assert "Sluta följa" not in body
        assert confirmed_at(tenant_a, contact) is None

    def test_a_get_that_would_write_anyway_is_rolled_back(
        self, tenant_a, client_for, monkeypatch, status
    ):
        # As if the follow page forgot to check: it confirms on GET whatever the status.
        from tenants.contacts import selectors

        contact = unconfirmed_contact(tenant_a)
        services.organization_set_status(organization=tenant_a, status=status)

        def confirm_on_get(*, token):
            return contact_services.contact_confirm(token=token)

        monkeypatch.setattr(selectors, "contact_by_token", confirm_on_get)

        response = client_for(tenant_a).get(f"/portal/folj/{contact.access_token}/")

        assert response.status_code == 200
        assert confirmed_at(tenant_a, contact) is None


class TestWritableOrganisation:
    def test_the_portals_mailed_link_confirms_the_address(self, tenant_a, client_for):
        contact = unconfirmed_contact(tenant_a)

        response = client_for(tenant_a).get(f"/portal/folj/{contact.access_token}/")

        assert response.status_code == 200
        assert confirmed_at(tenant_a, contact) is not None
