"""Suspended and archived organisations keep read access, nothing more."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Paths a person must be able to post to even when the organisation is read-only:
# log in and out, reset a password, switch organisation, get an API token, choose a language.
ALWAYS_ALLOWED_PREFIXES = ("/accounts/", "/api/v1/auth/", "/i18n/")
READ_ONLY_MESSAGE = _("Organisationen är skrivskyddad: du kan läsa och exportera, men inte ändra.")


class ReadOnlyWhenInactiveMiddleware:
    """Refuse every change in an organisation that may not write (``tenant.is_writable``).

    Unsafe methods are refused with 403 and an explanation. A safe method is
    let through, but whatever it might write is rolled back and its mail and
    tasks (``transaction.on_commit``) are dropped: a ``GET`` that writes
    cannot write here either. Views that write on ``GET`` (the portal's
    confirmation link) check ``is_writable`` themselves so that what they
    show is true; this is the net under them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if (
            tenant is None
            or tenant.schema_name == "public"
            or tenant.is_writable
            or request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
        ):
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "read_only", "message": str(READ_ONLY_MESSAGE)}}, status=403
                )
            return render(request, "organizations/read_only.html", status=403)
        with transaction.atomic():
            response = self.get_response(request)
            transaction.set_rollback(True)
        return response
