"""A request finds its organisation by host with one SET search_path; its queries are pinned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import api_token_for

pytestmark = pytest.mark.django_db

IDEAS = "/api/v1/ideas/"


def _search_paths(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SET search_path")]


def _get(client, token):  # type: ignore[no-untyped-def]
    return client.get(IDEAS, HTTP_AUTHORIZATION=f"Token {token.key}")


class TestTenantRouting:
    def test_a_request_after_another_organisations_sets_the_search_path_once(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        token_a = api_token_for(member_of(tenant_a, "coach"), tenant_a)
        token_b = api_token_for(member_of(tenant_b, "coach"), tenant_b)
        assert _get(client_for(tenant_a), token_a).status_code == 200

        with CaptureQueriesContext(connection) as queries:
            response = _get(client_for(tenant_b), token_b)

        assert response.status_code == 200
        assert _search_paths(queries) == [f'SET search_path = "{tenant_b.schema_name}","public"']
        assert connection.schema_name == tenant_b.schema_name

    def test_a_connection_without_a_search_path_is_switched_to_public_first(
        self, tenant_a, member_of, client_for
    ):
        token = api_token_for(member_of(tenant_a, "coach"), tenant_a)
        connection.search_path_set_schemas = None  # as on a new connection

        with CaptureQueriesContext(connection) as queries:
            response = _get(client_for(tenant_a), token)

        assert response.status_code == 200
        assert _search_paths(queries) == [
            'SET search_path = "public"',
            f'SET search_path = "{tenant_a.schema_name}","public"',
        ]

    def test_an_unknown_host_after_an_organisations_request_is_not_served_from_its_schema(
        self, tenant_a, member_of, client_for
    ):
        token = api_token_for(member_of(tenant_a, "coach"), tenant_a)
        assert _get(client_for(tenant_a), token).status_code == 200
        client = client_for(tenant_a)
        client.defaults["HTTP_HOST"] = "nobody.localhost"

        response = client.get(IDEAS, HTTP_AUTHORIZATION=f"Token {token.key}")

        assert response.status_code == 404
        assert connection.schema_name == "public"


class TestQueriesPerRequest:
    def test_the_idea_list_api_with_a_token_sends_five_statements(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        # Search path, host, token with its membership, the page's count and rows; the
        # token's last use was recorded by the first request.
        token = api_token_for(member_of(tenant_a, "coach"), tenant_a)
        token_b = api_token_for(member_of(tenant_b, "coach"), tenant_b)
        assert _get(client_for(tenant_a), token).status_code == 200
        assert _get(client_for(tenant_b), token_b).status_code == 200

        with CaptureQueriesContext(connection) as queries:
            response = _get(client_for(tenant_a), token)

        assert response.status_code == 200
        assert len(queries) == 5, [q["sql"][:80] for q in queries.captured_queries]
