"""Middleware that must run before (health) or beside (error tags) tenant routing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shared.core import health


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` before the tenant middleware looks at the host.

    Probes from a load balancer or Kubernetes come with an IP or a pod name as
    host; they must not need a tenant domain.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return health.liveness_response()
        if request.path == "/readyz":
            return health.readiness_response()
        return self.get_response(request)


class SentryTenantTagMiddleware:
    """Tag every error report with the organisation's schema (never the person)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import sentry_sdk

        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            sentry_sdk.get_isolation_scope().set_tag("tenant", tenant.schema_name)
        return self.get_response(request)
