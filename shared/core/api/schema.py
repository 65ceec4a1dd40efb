"""The API's OpenAPI schema and its browsable docs, open to anyone.

Decision (docs/decisions, fail-closed routes): the schema describes the same
API on every organisation's host, is generated from code, and carries no
organisation's data, so it is public; integrators read it before they have
a token. Every endpoint it describes still requires its capability.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared.accounts.permissions import PublicEndpoint

SCHEMA_PUBLIC_REASON = "The schema is generated from code and holds no organisation's data."


class ApiSchemaView(SpectacularAPIView):
    permission_classes = [PublicEndpoint]
    public_reason = SCHEMA_PUBLIC_REASON


class ApiDocsView(SpectacularSwaggerView):
    permission_classes = [PublicEndpoint]
    public_reason = SCHEMA_PUBLIC_REASON
