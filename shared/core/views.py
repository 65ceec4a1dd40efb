"""Error pages that keep the site's layout and language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    tenant = getattr(request, "tenant", None)
    if (
        tenant is not None
        and tenant.schema_name != "public"
        and request.user.is_authenticated
        and getattr(request, "membership", None) is None
    ):
        # Logged in, but not here: say so and whom to ask.
        return render(request, "workspace/not_a_member.html", status=403)
    message = str(exception) if exception else ""
    return render(request, "403.html", {"message": message}, status=403)
