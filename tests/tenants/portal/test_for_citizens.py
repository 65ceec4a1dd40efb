"""The portal speaks to the municipality's people; in a group it asks which municipality."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenants.ideas.models import Idea
from tests.tenants.portal.conftest import idea_form_data

pytestmark = pytest.mark.django_db


class TestHeadingFooterAndLogin:
    def test_the_portal_is_headed_for_citizens_with_a_quiet_staff_login(self, visitor, tenant_a):
        body = visitor.get("/portal/").content.decode()

        assert "Idéer för Alfa kommun" in body
        assert "Idéslussen drivs av Alfa kommun." in body
        assert "Logga in som medarbetare" in body
        assert "API-dokumentation" not in body
        assert "Huvudmeny" not in body


class TestMunicipalityInAGroup:
    def test_a_citizen_of_a_group_says_which_municipality_the_idea_concerns(
        self, client_for, tenant_b
    ):
        visitor = client_for(tenant_b)

        form = visitor.get("/portal/ny-ide/").content.decode()
        response = visitor.post("/portal/ny-ide/", idea_form_data(municipality_code="0643"))

        assert "Vilken kommun gäller det?" in form
        assert response.status_code == 302
        with schema_context(tenant_b.schema_name):
            assert Idea.objects.get().municipality_code == "0643"

    def test_a_single_municipality_does_not_ask(self, visitor, tenant_a):
        assert "Vilken kommun gäller det?" not in visitor.get("/portal/ny-ide/").content.decode()
