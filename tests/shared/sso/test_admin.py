"""Platform staff set up an organisation's provider in the platform admin, through the service."""

from __future__ import annotations

import pytest

from shared.core.models import AuditEntry
from shared.sso import crypto
from shared.sso.models import IdentityProvider
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client_for):  # type: ignore[no-untyped-def]
    staff = factories.PersonFactory(
        platform_role="platform_staff", is_staff=True, is_superuser=True
    )
    return client_for(None, person=staff), staff


class TestPlatformAdmin:
    def test_platform_staff_configure_an_organisations_provider_encrypted_and_audited(
        self, tenant_a, staff_client
    ):
        client, staff = staff_client

        response = client.post(
            "/admin/sso/identityprovider/add/",
            {
                "organization": tenant_a.pk,
                "protocol": "oidc",
                "enabled": "on",
                "issuer": "https://login.alfa.example/",
                "client_id": "idesluss",
                "client_secret": "plattformens-hemlighet",
                "scopes": "openid email",
                "email_claim": "email",
                "groups_claim": "groups",
                "email_attribute": "mail",
                "groups_attribute": "memberOf",
                "mappings": "alfa-admin = admin",
            },
        )

        assert response.status_code == 302, response.content.decode()[:2000]
        provider = IdentityProvider.objects.get(organization=tenant_a)
        assert crypto.decrypt(provider.client_secret_encrypted) == "plattformens-hemlighet"
        assert list(provider.group_mappings.values_list("group", "role")) == [
            ("alfa-admin", "admin")
        ]
        entry = AuditEntry.objects.get(action="sso.configured", organization=tenant_a)
        assert entry.actor == staff
        assert (
            "plattformens-hemlighet"
            not in client.get(f"/admin/sso/identityprovider/{provider.pk}/change/").content.decode()
        )

    def test_the_admin_refuses_what_the_service_refuses(self, tenant_a, staff_client):
        client, _staff = staff_client

        response = client.post(
            "/admin/sso/identityprovider/add/",
            {"organization": tenant_a.pk, "protocol": "oidc", "require_sso": "on"},
        )

        assert response.status_code == 200
        assert not IdentityProvider.objects.exists()
