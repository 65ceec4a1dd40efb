"""Error pages that keep the site's layout and language; under /api/, the API's JSON shape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from shared.core.api import errors


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if errors.is_api_request(request):
        return errors.error_response(
            status_code=404, code="not_found", message=_("Adressen finns inte i API:t.")
        )
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if errors.is_api_request(request):
        return errors.error_response(
            status_code=403,
            code="permission_denied",
            message=str(exception) if exception else _("Du har inte behörighet till detta."),
        )
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


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if errors.is_api_request(request):
        return errors.error_response(
            status_code=400, code="bad_request", message=_("Begäran kan inte läsas.")
        )
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    if errors.is_api_request(request):
        return errors.error_response(
            status_code=500,
            code="server_error",
            message=_("Något gick fel hos oss. Felet är loggat; försök igen om en stund."),
        )
    # Without the request's context: whatever failed (the database, a context
    # processor) must not fail the error page too.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
