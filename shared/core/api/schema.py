"""The API's OpenAPI schemas and their browsable docs, open to anyone.

Decision (docs/decisions, fail-closed routes): a schema is generated from code
and carries no organisation's data, so it is public; integrators read it
before they have a token. Every endpoint it describes still requires its
capability.

One schema per kind of host, each listing only what that host serves: an
organisation's host documents the organisation's API, the public site its own
(the directory, the national figures, the token endpoint that tells where to
ask). Every operation documents the errors it can answer, in the one error
shape (shared/core/api/errors.py), beside those its view declares
(shared/core/api/openapi.py).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response

from shared.accounts.permissions import PublicEndpoint

SCHEMA_PUBLIC_REASON = "The schema is generated from code and holds no organisation's data."

# Served on every host, but only an organisation's host answers them: the public
# site only says where to ask.
ORGANIZATION_ONLY_PATHS = frozenset({"/api/v1/auth/token/"})


def public_site_endpoints(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """drf-spectacular preprocessing hook: leave out what the public site does not serve."""
    return [endpoint for endpoint in endpoints if endpoint[0] not in ORGANIZATION_ONLY_PATHS]


PUBLIC_SITE_SETTINGS = {
    "TITLE": "Idésluss API – publika webbplatsen",
    "DESCRIPTION": "The public site's API: the directory of organisations and the national "
    "figures for coordinators. An organisation's own API is served, and described, on its "
    "own host.",
    "PREPROCESSING_HOOKS": ["shared.core.api.schema.public_site_endpoints"],
}


class ApiSchemaView(SpectacularAPIView):
    """The schema of the host asked: an organisation's API, or the public site's."""

    permission_classes = [PublicEndpoint]
    public_reason = SCHEMA_PUBLIC_REASON

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # django-tenants routes the public site through its own URL conf.
        self.urlconf = getattr(request._request, "urlconf", None)
        tenant = getattr(request._request, "tenant", None)
        if tenant is not None and tenant.schema_name == "public":
            self.custom_settings = PUBLIC_SITE_SETTINGS
        return super().get(request, *args, **kwargs)


class ApiDocsView(SpectacularSwaggerView):
    permission_classes = [PublicEndpoint]
    public_reason = SCHEMA_PUBLIC_REASON
