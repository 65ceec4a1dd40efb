"""Route a request to its organisation by host, with one ``SET search_path`` instead of two."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponseNotFound
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import (
    get_limit_set_calls,
    get_public_schema_name,
    get_tenant_domain_model,
)


class TenantRoutingMiddleware(TenantMainMiddleware):
    """django-tenants' host routing, without switching to ``public`` just to read the host.

    django-tenants points the connection at ``public`` before it looks the host
    up, and at the organisation's schema after: two ``SET search_path``
    statements on every request. The domain and organisation tables exist only
    in ``public``, and every search path this project sets ends in ``public``
    (``include_public``), so when the connection's search path is already set
    and holds ``public``, the lookup finds the same rows without the first
    switch. The organisation's schema is then set exactly as django-tenants
    does. A new connection, or one whose search path a rollback undid, is
    switched to ``public`` first as before.
    """

    def process_request(self, request: HttpRequest) -> Any:
        if not _search_path_holds_public():
            return super().process_request(request)
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseNotFound()
        domain_model = get_tenant_domain_model()
        try:
            tenant = self.get_tenant(domain_model, hostname)
        except domain_model.DoesNotExist:
            connection.set_schema_to_public()  # type: ignore[attr-defined]
            return self.no_tenant_found(request, hostname)
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        connection.set_tenant(tenant)  # type: ignore[attr-defined]
        self.setup_url_routing(request)
        return None


def _search_path_holds_public() -> bool:
    schemas = getattr(connection, "search_path_set_schemas", None) or ()
    return bool(get_limit_set_calls() and get_public_schema_name() in schemas)
