"""Attach the person's membership of the current organisation to the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shared.accounts import selectors


class MembershipMiddleware:
    """Set ``request.membership``: the logged-in person's role here, or None.

    Token-authenticated API requests are resolved by ``HasCapability``, since
    DRF authenticates them after middleware has run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        membership = None
        if tenant is not None and tenant.schema_name != "public" and request.user.is_authenticated:
            membership = selectors.membership_in(person=request.user, organization=tenant)
        request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)
