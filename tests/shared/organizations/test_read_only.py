"""Suspended and archived organisations keep read access and nothing more."""

import pytest

from shared.organizations import services

pytestmark = pytest.mark.django_db


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
