"""The public site's front page sends each kind of person to their own start."""

from __future__ import annotations

import pytest
from django.conf import settings

from shared.organizations import views
from tests import factories

pytestmark = pytest.mark.django_db


class TestLanding:
    def test_a_member_sees_their_organisations(self, tenant_a, member_of, client_for):
        person = member_of(tenant_a, "staff")

        response = client_for(person=person).get("/")

        assert response.status_code == 200
        assert tenant_a.name in response.content.decode()

    def test_the_national_coordinator_lands_on_their_own_pages_not_on_an_error(self, client_for):
        coordinator = factories.PersonFactory(platform_role="national_coordinator")

        response = client_for(person=coordinator).get("/")

        assert response.status_code == 302
        assert response["Location"] == views.coordinator_home(
            urlconf=settings.PUBLIC_SCHEMA_URLCONF
        )
        assert client_for(person=coordinator).get(response["Location"]).status_code == 200

    def test_platform_staff_land_on_the_platform_overview(self, tenant_a, client_for):
        staff = factories.PersonFactory(platform_role="platform_staff", is_staff=True)

        response = client_for(person=staff).get("/", follow=True)

        assert response.redirect_chain == [("/plattform/", 302)]
        page = response.content.decode()
        assert tenant_a.name in page
        assert 'id="provisioning"' in page


class TestPlatformOverview:
    def test_refuses_anyone_but_platform_staff(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")
        coordinator = factories.PersonFactory(platform_role="national_coordinator")

        assert client_for(person=admin).get("/plattform/").status_code == 403
        assert client_for(person=coordinator).get("/plattform/").status_code == 403
        assert client_for().get("/plattform/").status_code == 302

    def test_takes_a_fixed_number_of_queries(
        self, tenant_a, tenant_b, client_for, django_assert_max_num_queries
    ):
        client = client_for(person=factories.PersonFactory(platform_role="platform_staff"))
        client.get("/plattform/")

        with django_assert_max_num_queries(12):
            assert client.get("/plattform/").status_code == 200
