"""Middleware that must run before (health) or beside (error tags) tenant routing."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from shared.core import health


class HealthCheckMiddleware:
    """Answer ``/healthz``, ``/readyz`` and ``/healthz/broker`` before the tenant middleware.

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
        if request.path == "/healthz/broker":
            return health.broker_response()
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


class RequestGuardMiddleware:
    """Refuse, with a 400, a request whose path, query or form holds text PostgreSQL cannot store.

    A NUL byte in a portal search, a decision number or a follow token would
    otherwise reach the database as a server error. Invalid UTF-8 is decoded
    by Django with replacement characters; a lone surrogate (JSON's ``\\ud800``)
    is refused like a NUL. A form larger than DATA_UPLOAD_MAX_MEMORY_SIZE gets
    413. API bodies in JSON are checked by the API's parser
    (shared/core/api/parsers.py). After LocaleMiddleware: the answer is in the
    request's language.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

        from shared.core import text

        try:
            values = [request.path_info, *_texts_of(request.GET)]
            if request.method == "POST" and request.content_type in self.FORM_TYPES:
                values.extend(_texts_of(request.POST))
        except (RequestDataTooBig, TooManyFieldsSent):
            return _refusal(request, status_code=413)
        if not text.all_storable(values):
            return _refusal(request, status_code=400)
        return self.get_response(request)


def _texts_of(data: QueryDict) -> list[str]:
    return [*data.keys(), *(value for _key, values in data.lists() for value in values)]


def _refusal(request: HttpRequest, *, status_code: int) -> HttpResponse:
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    from shared.core.api import errors

    if status_code == 413:
        message = _("Begäran är för stor.")
        code = "payload_too_large"
    else:
        message = _("Begäran innehåller tecken som inte kan tas emot (till exempel NUL).")
        code = "bad_request"
    if errors.is_api_request(request):
        return errors.error_response(status_code=status_code, code=code, message=message)
    return render(request, "400.html", {"message": message}, status=status_code)
