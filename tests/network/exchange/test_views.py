"""The network's pages on an organisation's host and, for platform staff, on the public site."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from network.adoptions.models import Adoption, EvidenceReport
from network.exchange import services
from network.exchange.models import CoSignature, Follow

pytestmark = pytest.mark.django_db


class TestNetworkPage:
    def test_shows_what_is_new_to_every_member_of_another_organisation(
        self, published, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "viewer"))

        body = client.get("/natverk/").content.decode()

        assert published.need.title in body
        assert published.idea.title in body
        assert published.method.title in body
        assert "Alfa kommun" in body

    def test_finds_by_an_inflected_swedish_word_and_filters_by_kind(
        self, published, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "staff"))

        found = client.get("/natverk/", {"q": "fikaträff"}).content.decode()
        needs_only = client.get("/natverk/", {"q": "äldre", "kind": "need"}).content.decode()

        assert published.idea.title in found
        assert published.need.title not in found
        assert published.need.title in needs_only
        assert published.idea.title not in needs_only

    def test_finds_a_misspelt_title_by_trigram_similarity(
        self, published, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "staff"))

        body = client.get("/natverk/", {"q": "tjänstedesing"}).content.decode()

        assert published.method.title in body

    def test_filters_by_county_outcome_and_co_signatures(
        self, published, tenant_a, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "staff"))

        in_county = client.get("/natverk/", {"county": tenant_a.county_code}).content.decode()
        other_county = client.get("/natverk/", {"county": "01"}).content.decode()
        implemented = client.get("/natverk/", {"outcome": "implement"}).content.decode()
        cosigned = client.get("/natverk/", {"min_cosigns": 1}).content.decode()

        assert published.need.title in in_county
        assert published.need.title not in other_county
        assert published.idea.title in implemented
        assert published.need.title not in implemented
        assert published.need.title not in cosigned

    def test_refuses_someone_who_is_not_a_member(self, published, tenant_b, member_of, client_for):
        client = client_for(tenant_b, person=member_of(published.need.organization, "admin"))

        assert client.get("/natverk/").status_code == 403


class TestItemPage:
    def test_shows_origin_county_municipalities_and_evidence(
        self, published, tenant_b, member_of, client_for, django_assert_max_num_queries
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "staff"))

        # Host and its two search paths, session, person, memberships (6: the site's context
        # reuses the memberships), the item with whether one follows it (1), the spread panel
        # (1): 8, pinned with one to spare.
        with django_assert_max_num_queries(9):
            body = client.get(f"/natverk/{published.idea.pk}/").content.decode()

        assert "Alfa kommun" in body
        assert "Jönköpings län" in body
        assert "Eksjö" in body  # the municipality alfa serves (0686)
        assert "25 % färre kände sig ensamma." in body
        assert "41000.00 kr" in body

    def test_shows_adopters_and_their_evaluations_newest_first_in_as_few_queries(
        self, published, tenant_b, tenant_c, member_of, client_for, django_assert_max_num_queries
    ):
        for organization, local_id in ((tenant_b, 7), (tenant_c, 7)):
            Adoption.objects.create(
                publication=published.idea,
                organization=organization,
                category="adapted",
                local_kind="idea",
                local_source_id=local_id,
            )
        # Beta has not evaluated yet; Gamma has, twice.
        gamma = Adoption.objects.get(organization=tenant_c)
        for evaluation_id, effects, evaluated_on in (
            (1, "Färre resor första året.", "2026-05-01"),
            (2, "Färre resor andra året.", "2027-05-01"),
        ):
            EvidenceReport.objects.create(
                adoption=gamma,
                publication=published.idea,
                organization=tenant_c,
                source_evaluation_id=evaluation_id,
                recommendation="implement",
                effects=effects,
                actual_cost_sek="5000.00",
                measures_total=2,
                measures_met=1,
                evaluated_on=evaluated_on,
                population_served=tenant_c.population,
            )
        client = client_for(tenant_b, person=member_of(tenant_b, "coach"))

        with django_assert_max_num_queries(9):
            body = client.get(f"/natverk/{published.idea.pk}/").content.decode()

        spread = body[body.index('id="spridning"') :]
        assert 'Spridning <span class="muted">(2)</span>' in spread
        assert spread.index("Beta kommungrupp") < spread.index("Gamma kommun")
        assert spread.index("Färre resor andra året.") < spread.index("Färre resor första året.")
        assert 'Utvärderingar hos dem som tagit in det <span class="muted">(2)</span>' in spread
        assert "Er organisation har tagit in det här." in spread
        assert "Ta in i vår idésluss" not in spread

    def test_offers_a_coach_who_has_not_adopted_it_to_take_it_in(
        self, published, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "coach"))

        body = client.get(f"/natverk/{published.idea.pk}/").content.decode()

        assert f'href="/natverk/{published.idea.pk}/ta-in/"' in body
        assert "Ingen annan organisation har tagit in det ännu." in body

    def test_shows_co_signers_of_a_need(self, published, tenant_b, tenant_c, member_of, client_for):
        services.cosignature_create(
            publication_id=published.need.pk,
            organization=tenant_c,
            by=member_of(tenant_c, "coach"),
            local_context="Samma problem i våra byar.",
            problem_size="large",
            affected_count=300,
        )
        client = client_for(tenant_b, person=member_of(tenant_b, "viewer"))

        body = client.get(f"/natverk/{published.need.pk}/").content.decode()

        assert "Gamma kommun" in body
        assert "Samma problem i våra byar." in body

    def test_a_withdrawn_item_is_not_found_by_others(
        self, published, tenant_b, member_of, client_for
    ):
        published.need.status = "withdrawn"
        published.need.withdrawn_at = published.need.updated_at
        published.need.save()
        client = client_for(tenant_b, person=member_of(tenant_b, "admin"))

        assert client.get(f"/natverk/{published.need.pk}/").status_code == 404


class TestCoSigning:
    def test_a_coach_co_signs_another_organisations_need(
        self, published, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "coach"))

        response = client.post(
            f"/natverk/{published.need.pk}/medunderteckna/",
            {"local_context": "Tre byar utan busstrafik.", "problem_size": "medium"},
        )

        assert response.status_code == 302
        cosignature = CoSignature.objects.get()
        assert cosignature.organization_id == tenant_b.pk
        published.need.refresh_from_db()
        assert published.need.cosign_count == 1

    def test_staff_may_not_co_sign(self, published, tenant_b, member_of, client_for):
        client = client_for(tenant_b, person=member_of(tenant_b, "staff"))

        response = client.post(
            f"/natverk/{published.need.pk}/medunderteckna/",
            {"local_context": "x", "problem_size": "small"},
        )

        assert response.status_code == 403
        assert not CoSignature.objects.exists()

    def test_the_origin_cannot_co_sign_its_own_need(
        self, published, tenant_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.post(
            f"/natverk/{published.need.pk}/medunderteckna/",
            {"local_context": "Vårt eget.", "problem_size": "small"},
        )

        assert response.status_code == 400
        assert "eget behov" in response.content.decode()
        assert not CoSignature.objects.exists()


class TestFollowing:
    def test_a_member_follows_and_stops_following(self, published, tenant_b, member_of, client_for):
        person = member_of(tenant_b, "staff")
        client = client_for(tenant_b, person=person)

        client.post(f"/natverk/{published.idea.pk}/bevaka/", {"following": "1"})
        client.post(f"/natverk/{published.idea.pk}/bevaka/", {"following": "1"})
        followed = list(Follow.objects.values_list("person_id", "organization_id"))
        client.post(f"/natverk/{published.idea.pk}/bevaka/", {"following": "0"})

        assert followed == [(person.pk, tenant_b.pk)]
        assert not Follow.objects.exists()


class TestSharedNeeds:
    @pytest.fixture
    def cosigned(self, published, tenant_b, tenant_c, member_of):
        for organization, size in [(tenant_b, "small"), (tenant_c, "large")]:
            services.cosignature_create(
                publication_id=published.need.pk,
                organization=organization,
                by=member_of(organization, "coach"),
                local_context=f"Hos {organization.name}",
                problem_size=size,
                affected_count=100,
            )
        return published.need

    def test_lists_needs_shared_by_at_least_n_organisations(
        self, cosigned, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_b, person=member_of(tenant_b, "viewer"))

        three = client.get("/natverk/gemensamma-behov/", {"n": 3}).content.decode()
        four = client.get("/natverk/gemensamma-behov/", {"n": 4}).content.decode()

        assert cosigned.title in three
        assert cosigned.title not in four

    def test_exports_csv_for_swedish_excel(self, cosigned, tenant_b, member_of, client_for):
        client = client_for(tenant_b, person=member_of(tenant_b, "viewer"))

        response = client.get("/natverk/gemensamma-behov/export.csv", {"n": 2})

        raw = response.content
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][0] == "Behov"
        assert rows[1][0] == cosigned.title
        assert rows[1][4] == "3"
        assert "Beta kommungrupp" in rows[1][5]
        assert "Gamma kommun" in rows[1][5]
        assert rows[1][7] == "200"

    def test_exports_xlsx(self, cosigned, tenant_b, member_of, client_for):
        client = client_for(tenant_b, person=member_of(tenant_b, "viewer"))

        response = client.get("/natverk/gemensamma-behov/export.xlsx", {"n": 2})

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A2"].value == cosigned.title
        assert sheet["E2"].value == 3


class TestPublicSite:
    def test_platform_staff_read_the_network(self, published, client_for):
        from tests import factories

        staff = factories.PersonFactory(platform_role="platform_staff")
        client = client_for(None, person=staff)

        feed = client.get("/natverk/").content.decode()
        item = client.get(f"/natverk/{published.need.pk}/")

        assert published.need.title in feed
        assert item.status_code == 200

    def test_others_on_the_public_site_are_refused(self, published, member_of, client_for):
        client = client_for(None, person=member_of(published.need.organization, "admin"))

        assert client.get("/natverk/").status_code == 403
