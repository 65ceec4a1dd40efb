"""The network's API under /api/v1/network/: search, items, follow, co-sign, shared needs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from network.exchange.models import CoSignature, Publication
from tests import factories
from tests.network.adoptions import make as adoption_make
from tests.network.exchange import make

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(client_for):
    """A client on ``organization``'s host with ``person``'s token."""

    def make_client(organization, person):
        token = factories.api_token_for(person)
        return client_for(organization), {"HTTP_AUTHORIZATION": f"Token {token.key}"}

    return make_client


class TestPublicationList:
    def test_searches_with_filters_and_pins_its_queries(
        self, published, tenant_b, member_of, api_for, django_assert_max_num_queries
    ):
        client, auth = api_for(tenant_b, member_of(tenant_b, "viewer"))

        # Host (with both search paths), token with its membership, its last use: 5; the
        # full-text page finding less than a page, so the page with trigram joining in: 2.
        with django_assert_max_num_queries(7):
            response = client.get(
                "/api/v1/network/publications/", {"q": "äldre", "kind": "need"}, **auth
            )

        assert response.status_code == 200
        results = response.json()["results"]
        assert [item["id"] for item in results] == [published.need.pk]
        assert results[0]["origin_name"] == "Alfa kommun"
        assert "body" not in results[0]

    def test_query_count_does_not_grow_with_the_page(
        self, published, tenant_a, tenant_b, member_of, api_for, django_assert_max_num_queries
    ):
        coach = member_of(tenant_a, "coach")
        from tenants.sharing import services

        with schema_context(tenant_a.schema_name):
            for n in range(10):
                need = make.need(coach, title=f"Behov nummer {n}")
                services.publication_publish(kind="need", source_id=need.pk, by=coach)
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))

        # The request's own 5, the capped count and the page.
        with django_assert_max_num_queries(7):
            response = client.get("/api/v1/network/publications/", **auth)

        assert response.json()["count"] == 13

    def test_words_that_find_a_page_or_more_cost_one_query_with_its_count(
        self, tenant_a, tenant_b, member_of, api_for, django_assert_max_num_queries
    ):
        for n in range(30):
            adoption_make.publication(
                tenant_a, title=f"Lådcyklar i hemtjänsten, grupp {n}", source_id=9000 + n
            )
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))
        client.get("/api/v1/network/publications/", **auth)  # the token's last use, once

        with CaptureQueriesContext(connection) as queries:
            first = client.get("/api/v1/network/publications/", {"q": "lådcyklar"}, **auth)
        statements = [query["sql"] for query in queries.captured_queries]
        second = client.get(
            "/api/v1/network/publications/", {"q": "lådcyklar", "page": 2}, **auth
        ).json()
        past_the_end = client.get(
            "/api/v1/network/publications/", {"q": "lådcyklar", "page": 3}, **auth
        )

        # Host (with both search paths) and the token with its membership: 4; the page: 1.
        assert len(statements) <= 5, statements
        assert sum('"exchange_publication"' in sql for sql in statements) == 1
        assert not any(sql.startswith('SELECT "accounts_membership"') for sql in statements)
        assert first.json()["count"] == second["count"] == 30
        assert len(first.json()["results"]) == 25
        assert len(second["results"]) == 5
        assert past_the_end.status_code == 404

    def test_refuses_a_bad_filter_in_the_projects_error_shape(
        self, published, tenant_b, member_of, api_for
    ):
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))

        response = client.get("/api/v1/network/publications/", {"kind": "kanin"}, **auth)

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid"
        assert "kind" in response.json()["error"]["fields"]

    def test_another_organisations_token_gets_403(self, published, tenant_b, member_of, api_for):
        client, auth = api_for(tenant_b, member_of(published.need.organization, "admin"))

        response = client.get("/api/v1/network/publications/", **auth)

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


class TestPublicationDetail:
    def test_reads_an_item_with_evidence_in_few_queries(
        self, published, tenant_b, member_of, api_for, django_assert_max_num_queries
    ):
        client, auth = api_for(tenant_b, member_of(tenant_b, "viewer"))

        # The request's own 5, and one for the item with whether one follows it.
        with django_assert_max_num_queries(6):
            response = client.get(f"/api/v1/network/publications/{published.idea.pk}/", **auth)

        body = response.json()
        assert body["evidence"]["latest_evaluation"]["recommendation"] == "implement"
        assert body["following"] is False
        assert body["cosignatures"] == []

    def test_a_missing_item_is_404(self, published, tenant_b, member_of, api_for):
        client, auth = api_for(tenant_b, member_of(tenant_b, "viewer"))

        response = client.get("/api/v1/network/publications/999999/", **auth)

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


class TestFollow:
    def test_follows_and_unfollows(self, published, tenant_b, member_of, api_for):
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))
        url = f"/api/v1/network/publications/{published.method.pk}/follow/"

        followed = client.post(url, **auth).json()
        detail = client.get(f"/api/v1/network/publications/{published.method.pk}/", **auth)
        unfollowed = client.delete(url, **auth).json()

        assert followed == {"following": True}
        assert detail.json()["following"] is True
        assert unfollowed == {"following": False}


class TestCoSignatures:
    def test_a_coach_co_signs_and_takes_it_back(self, published, tenant_b, member_of, api_for):
        client, auth = api_for(tenant_b, member_of(tenant_b, "coach"))
        url = f"/api/v1/network/publications/{published.need.pk}/cosignatures/"

        created = client.post(
            url,
            {"local_context": "Samma här.", "problem_size": "large", "affected_count": 50},
            content_type="application/json",
            **auth,
        )
        withdrawn = client.delete(url, **auth)

        assert created.status_code == 201
        assert created.json()["cosign_count"] == 1
        assert created.json()["cosignatures"][0]["organization_name"] == "Beta kommungrupp"
        assert withdrawn.json()["cosign_count"] == 0
        assert not CoSignature.objects.exists()

    @pytest.mark.parametrize("role", ["staff", "viewer", "council_member"])
    def test_roles_without_the_capability_get_403(
        self, published, tenant_b, member_of, api_for, role
    ):
        client, auth = api_for(tenant_b, member_of(tenant_b, role))

        response = client.post(
            f"/api/v1/network/publications/{published.need.pk}/cosignatures/",
            {"local_context": "x", "problem_size": "small"},
            content_type="application/json",
            **auth,
        )

        assert response.status_code == 403

    def test_co_signing_an_idea_twice_or_ones_own_need_is_refused(
        self, published, tenant_a, tenant_b, member_of, api_for
    ):
        theirs, their_auth = api_for(tenant_b, member_of(tenant_b, "coach"))
        ours, our_auth = api_for(tenant_a, member_of(tenant_a, "coach"))
        body = {"local_context": "Hos oss.", "problem_size": "small"}

        idea = theirs.post(
            f"/api/v1/network/publications/{published.idea.pk}/cosignatures/",
            body,
            content_type="application/json",
            **their_auth,
        )
        own = ours.post(
            f"/api/v1/network/publications/{published.need.pk}/cosignatures/",
            body,
            content_type="application/json",
            **our_auth,
        )

        assert idea.status_code == 400
        assert own.status_code == 400
        assert own.json()["error"]["fields"]["publication"]
        assert not CoSignature.objects.exists()


class TestSharedNeedsAndSimilar:
    def test_lists_shared_needs(self, published, tenant_b, tenant_c, member_of, api_for):
        coach_c, auth_c = api_for(tenant_c, member_of(tenant_c, "coach"))
        coach_c.post(
            f"/api/v1/network/publications/{published.need.pk}/cosignatures/",
            {"local_context": "Också hos oss.", "problem_size": "medium"},
            content_type="application/json",
            **auth_c,
        )
        client, auth = api_for(tenant_b, member_of(tenant_b, "viewer"))

        two = client.get("/api/v1/network/shared-needs/", {"n": 2}, **auth).json()
        three = client.get("/api/v1/network/shared-needs/", {"n": 3}, **auth).json()

        assert [(n["id"], n["organization_count"]) for n in two["results"]] == [
            (published.need.pk, 2)
        ]
        assert three["results"] == []

    def test_similar_work_elsewhere_lists_other_organisations_items_only(
        self, published, tenant_a, tenant_b, member_of, api_for
    ):
        elsewhere, auth_b = api_for(tenant_b, member_of(tenant_b, "staff"))
        at_home, auth_a = api_for(tenant_a, member_of(tenant_a, "staff"))
        params = {"title": "Fikaträffar", "text": "Äldre som är ensamma träffas digitalt"}

        found = elsewhere.get("/api/v1/network/similar/", params, **auth_b).json()
        own = at_home.get("/api/v1/network/similar/", params, **auth_a).json()

        assert published.idea.pk in [item["id"] for item in found]
        assert own == []


class TestPublishApi:
    def test_a_coach_publishes_and_withdraws_a_need(self, tenant_a, member_of, api_for):
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
        client, auth = api_for(tenant_a, coach)

        published = client.post(
            "/api/v1/network/publish/",
            {"kind": "need", "source_id": need.pk, "contact_role": "Behovsägare"},
            content_type="application/json",
            **auth,
        )
        withdrawn = client.post(
            "/api/v1/network/withdraw/",
            {"kind": "need", "source_id": need.pk},
            content_type="application/json",
            **auth,
        )

        assert published.status_code == 201
        assert withdrawn.json()["status"] == "withdrawn"
        assert Publication.objects.get().contact_role == "Behovsägare"

    def test_staff_may_not_publish(self, tenant_a, member_of, api_for):
        staff = member_of(tenant_a, "staff")
        with schema_context(tenant_a.schema_name):
            need = make.need(staff)
        client, auth = api_for(tenant_a, staff)

        response = client.post(
            "/api/v1/network/publish/",
            {"kind": "need", "source_id": need.pk},
            content_type="application/json",
            **auth,
        )

        assert response.status_code == 403
        assert not Publication.objects.exists()

    def test_an_idea_before_test_is_refused_with_a_clear_error(self, tenant_a, member_of, api_for):
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            idea = factories.make_idea()
        client, auth = api_for(tenant_a, coach)

        response = client.post(
            "/api/v1/network/publish/",
            {"kind": "idea", "source_id": idea.pk},
            content_type="application/json",
            **auth,
        )

        assert response.status_code == 400
        assert "nått test" in response.json()["error"]["fields"]["source_id"][0]


class TestOpenApiSchema:
    def test_describes_every_network_operation(self, client_for, tenant_a):
        schema = client_for(tenant_a).get("/api/schema/", {"format": "json"}).json()

        operations = {
            operation["operationId"]
            for path, methods in schema["paths"].items()
            if path.startswith("/api/v1/network/")
            for operation in methods.values()
        }
        assert {
            "network_publications_list",
            "network_publications_retrieve",
            "network_publications_follow",
            "network_publications_unfollow",
            "network_cosignatures_create",
            "network_cosignatures_withdraw",
            "network_shared_needs_list",
            "network_similar_list",
            "network_publish",
            "network_withdraw",
        } <= operations


class TestSearchSizes:
    def test_the_count_of_a_broad_search_stops_at_the_maximum(
        self, tenant_a, tenant_b, member_of, api_for, monkeypatch
    ):
        from network.exchange import selectors
        from tenants.sharing import services

        monkeypatch.setattr(selectors, "MAX_RESULTS", 3)
        monkeypatch.setattr("network.exchange.pagination.MAX_RESULTS", 3)
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            for n in range(5):
                need = make.need(coach, title=f"Behov om hemtjänst {n}")
                services.publication_publish(kind="need", source_id=need.pk, by=coach)
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))

        body = client.get(
            "/api/v1/network/publications/", {"q": "hemtjänst", "page_size": 2}, **auth
        ).json()

        assert body["count"] == 3
        assert len(body["results"]) == 2

    def test_trigram_similarity_joins_in_when_full_text_finds_too_little(
        self, published, tenant_b, member_of, api_for
    ):
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))

        misspelt = client.get("/api/v1/network/publications/", {"q": "fikatäffar"}, **auth).json()

        assert [item["id"] for item in misspelt["results"]] == [published.idea.pk]

    def test_a_ranked_search_pages_with_its_count_and_refuses_a_page_past_the_end(
        self, tenant_a, tenant_b, member_of, api_for
    ):
        from tenants.sharing import services

        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            for n in range(30):
                need = make.need(coach, title=f"Behov om hemtjänst {n}")
                services.publication_publish(kind="need", source_id=need.pk, by=coach)
        client, auth = api_for(tenant_b, member_of(tenant_b, "staff"))
        url = "/api/v1/network/publications/"

        second = client.get(url, {"q": "hemtjänst", "page_size": 20, "page": 2}, **auth).json()
        past = client.get(url, {"q": "hemtjänst", "page_size": 20, "page": 3}, **auth)

        assert second["count"] == 30
        assert len(second["results"]) == 10
        assert second["next"] is None
        assert past.status_code == 404
