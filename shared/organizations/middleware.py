"""Suspended and archived organisations keep read access, nothing more."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Paths a person must be able to post to even when the organisation is read-only.
ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/i18n/")
READ_ONLY_MESSAGE = _("Organisationen är skrivskyddad: du kan läsa och exportera, men inte ändra.")


class ReadOnlyWhenInactiveMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if (
            tenant is not None
            and tenant.schema_name != "public"
            and not tenant.is_writable
            and request.method not in SAFE_METHODS
            and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "read_only", "message": str(READ_ONLY_MESSAGE)}}, status=403
                )
            return render(request, "organizations/read_only.html", status=403)
        return self.get_response(request)
