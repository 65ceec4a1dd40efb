"""One OpenAPI schema per kind of host, each listing what that host serves, errors included."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import host_of

pytestmark = pytest.mark.django_db


def paths_on(host: str) -> dict:  # type: ignore[type-arg]
    response = Client(HTTP_HOST=host).get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()["paths"]


class TestTheSchemaOfTheHost:
    def test_on_the_public_site_lists_the_public_sites_api_only(self):
        paths = paths_on("localhost")

        assert "/api/v1/organizations/" in paths
        assert "/api/v1/figures/national/" in paths
        assert not [path for path in paths if path.startswith(("/api/v1/ideas", "/api/v1/me"))]
        # Tokens are had on an organisation's own host; the public site only says so.
        assert "/api/v1/auth/token/" not in paths

    def test_on_an_organisations_host_lists_the_organisations_api(self, tenant_a):
        paths = paths_on(host_of(tenant_a))

        assert "/api/v1/ideas/" in paths
        assert "/api/v1/auth/token/" in paths
        assert "/api/v1/organizations/" not in paths

    def test_documents_the_errors_every_operation_can_answer(self, tenant_a):
        for path, operations in paths_on(host_of(tenant_a)).items():
            for method, operation in operations.items():
                codes = set(operation["responses"])
                assert {"400", "403", "404", "406"} <= codes, (method, path, codes)
                if method in ("post", "put", "patch"):
                    assert {"413", "415"} <= codes, (method, path, codes)
                for code in codes - {"200", "201", "204"}:
                    content = operation["responses"][code].get("content", {})
                    assert content["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Error"
                    }, (method, path, code)

    def test_marks_optional_query_parameters_as_allowed_empty(self, tenant_a):
        parameters = paths_on(host_of(tenant_a))["/api/v1/calls/"]["get"]["parameters"]

        assert all(p["allowEmptyValue"] for p in parameters if p["in"] == "query")

    def test_documents_bodies_as_json_and_multipart_only_where_files_are_sent(self, tenant_a):
        for path, operations in paths_on(host_of(tenant_a)).items():
            for method, operation in operations.items():
                media_types = set(operation.get("requestBody", {}).get("content", {}))
                if operation["operationId"] == "ideas_submit":
                    assert media_types == {"application/json", "multipart/form-data"}
                elif media_types:
                    assert media_types == {"application/json"}, (method, path, media_types)
