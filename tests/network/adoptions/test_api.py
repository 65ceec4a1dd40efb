"""The adoption API and pages on an organisation's host: roles, errors, and three organisations
with overlapping ids and canaries, none of which ever sees another's unpublished rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from network.adoptions.models import Adoption, EvidenceReport
from tenants.ideas.models import Idea
from tests.factories import make_idea
from tests.network.adoptions.make import publication

pytestmark = pytest.mark.django_db

CANARIES = {"alfa": "KANARIE-ALFA-ad01", "beta": "KANARIE-BETA-ad02", "gamma": "KANARIE-GAMMA-ad03"}


@pytest.fixture
def three(tenant_a, tenant_b, tenant_c, member_of):
    """Unpublished canary ideas with the same ids in three schemas; one published item of alfa."""
    for organization in (tenant_a, tenant_b, tenant_c):
        canary = CANARIES[organization.slug]
        with tenant_context(organization):
            submitter = member_of(organization, "staff", person__full_name=f"Inlämnare {canary}")
            for n in (1, 2):
                make_idea(title=f"{canary} idé {n}", description=canary, submitted_by=submitter)
    return tenant_a, tenant_b, tenant_c


def api_client(client_for, organization, person):
    return client_for(organization, person=person)


class TestAdoptionApi:
    @pytest.mark.parametrize(
        ("role", "expected"),
        [("admin", 201), ("coach", 201), ("council_member", 403), ("staff", 403), ("viewer", 403)],
    )
    def test_only_admins_and_coaches_take_items_in(
        self, tenant_a, tenant_b, member_of, client_for, role, expected
    ):
        item = publication(tenant_a)
        client = client_for(tenant_b, person=member_of(tenant_b, role))

        response = client.post(
            "/api/v1/network/adoptions/",
            {"publication": item.pk, "category": "adapted", "starting_stage": "test"},
            content_type="application/json",
        )

        assert response.status_code == expected, response.content
        assert Adoption.objects.filter(publication=item).count() == (1 if expected == 201 else 0)
        if expected == 201:
            body = response.json()
            assert body["category"] == "adapted"
            assert body["origin_organization"] == tenant_a.name
            with tenant_context(tenant_b):
                assert Idea.objects.get(pk=body["local_id"]).stage.key == "test"
        else:
            assert response.json()["error"]["code"] == "permission_denied"

    def test_a_second_adoption_is_a_400_in_the_common_error_shape(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        item = publication(tenant_a)
        client = client_for(tenant_b, person=member_of(tenant_b, "coach"))
        body = {"publication": item.pk, "category": "copied"}
        client.post("/api/v1/network/adoptions/", body, content_type="application/json")

        response = client.post("/api/v1/network/adoptions/", body, content_type="application/json")

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid"
        assert "publication" in response.json()["error"]["fields"]

    def test_a_member_of_another_organisation_gets_403(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        item = publication(tenant_a, kind="method")
        client = client_for(tenant_b, person=member_of(tenant_b, "admin"))

        response = client.post(
            "/api/v1/network/adoptions/",
            {"publication": item.pk, "category": "copied"},
            content_type="application/json",
            HTTP_HOST="alfa.localhost",
        )

        assert response.status_code == 403
        assert not Adoption.objects.exists()

    def test_the_spread_lists_every_adopter_and_the_evidence_that_flowed_back(
        self, three, member_of, client_for
    ):
        tenant_a, tenant_b, tenant_c = three
        item = publication(tenant_a)
        for organization in (tenant_b, tenant_c):
            client_for(organization, person=member_of(organization, "coach")).post(
                "/api/v1/network/adoptions/",
                {"publication": item.pk, "category": "copied"},
                content_type="application/json",
            )
        adoption = Adoption.objects.get(organization=tenant_c)
        EvidenceReport.objects.create(
            adoption=adoption,
            publication=item,
            organization=tenant_c,
            source_evaluation_id=1,
            recommendation="implement",
            effects="Färre resor.",
            actual_cost_sek="5000.00",
            measures_total=2,
            measures_met=1,
            evaluated_on="2026-05-01",
            population_served=tenant_c.population,
        )

        response = client_for(tenant_a, person=member_of(tenant_a, "viewer")).get(
            f"/api/v1/network/publications/{item.pk}/spread/"
        )

        assert response.status_code == 200
        body = response.json()
        assert [a["organization"]["name"] for a in body["adopters"]] == [
            tenant_b.name,
            tenant_c.name,
        ]
        assert body["evaluations"][0]["effects"] == "Färre resor."
        assert body["evaluations"][0]["recommendation"] == "implement"


class TestCanaryIsolation:
    def test_no_adoption_page_or_api_shows_another_organisations_unpublished_canary(
        self, three, member_of, client_for
    ):
        tenant_a, tenant_b, tenant_c = three
        item = publication(tenant_a)
        coach_b = member_of(tenant_b, "coach")
        adopted = client_for(tenant_b, person=coach_b).post(
            "/api/v1/network/adoptions/",
            {"publication": item.pk, "category": "copied"},
            content_type="application/json",
        )
        assert adopted.status_code == 201
        paths = [
            "/api/v1/network/adoptions/",
            f"/api/v1/network/publications/{item.pk}/spread/",
            "/api/v1/network/areas/",
            f"/natverk/{item.pk}/spridning/",
            f"/natverk/{item.pk}/ta-in/",
            "/natverk/intaget/",
            "/natverk/omraden/",
        ]
        for organization in (tenant_a, tenant_b, tenant_c):
            for role in ("admin", "coach", "staff", "viewer"):
                client = client_for(organization, person=member_of(organization, role))
                for path in paths:
                    connection.set_schema_to_public()
                    text = client.get(path).content.decode()
                    for slug, canary in CANARIES.items():
                        if slug != organization.slug:
                            assert canary not in text, (organization.slug, role, path)

    def test_the_adopted_idea_exists_only_in_the_adopters_schema(
        self, three, member_of, client_for
    ):
        tenant_a, tenant_b, _tenant_c = three
        item = publication(tenant_a, title="Unik titel för adoptionen")

        client_for(tenant_b, person=member_of(tenant_b, "coach")).post(
            "/api/v1/network/adoptions/",
            {"publication": item.pk, "category": "copied"},
            content_type="application/json",
        )

        found = {}
        for organization in three:
            with tenant_context(organization):
                found[organization.slug] = Idea.objects.filter(
                    title="Unik titel för adoptionen"
                ).count()
        assert found == {"alfa": 0, "beta": 1, "gamma": 0}


class TestAdoptPage:
    def test_a_coach_takes_an_idea_in_from_the_page_and_lands_on_the_new_idea(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        item = publication(tenant_a)
        client = client_for(tenant_b, person=member_of(tenant_b, "coach"))

        form = client.get(f"/natverk/{item.pk}/ta-in/")
        response = client.post(
            f"/natverk/{item.pk}/ta-in/", {"category": "first_of_kind", "starting_stage": "test"}
        )

        assert form.status_code == 200
        assert "Ta in i vår idésluss" in form.content.decode()
        assert response.status_code == 302
        adoption = Adoption.objects.get(publication=item)
        assert response["Location"].endswith(f"/{adoption.local_source_id}/")

    def test_staff_may_not_open_the_adopt_page(self, tenant_a, tenant_b, member_of, client_for):
        item = publication(tenant_a)

        response = client_for(tenant_b, person=member_of(tenant_b, "staff")).get(
            f"/natverk/{item.pk}/ta-in/"
        )

        assert response.status_code == 403

    def test_a_withdrawn_item_is_not_found(self, tenant_a, tenant_b, member_of, client_for):
        item = publication(tenant_a, status="withdrawn")

        response = client_for(tenant_b, person=member_of(tenant_b, "coach")).get(
            f"/natverk/{item.pk}/ta-in/"
        )

        assert response.status_code == 404
