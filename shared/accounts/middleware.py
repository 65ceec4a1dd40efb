"""Attach the person's membership of the current organisation; end idle sessions."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse

from shared.accounts import selectors


class MembershipMiddleware:
    """Set ``request.membership``: the logged-in person's role here, or None.

    One query reads every active membership of the person: the one of this
    host's organisation, and the others that the page's organisation switcher
    lists (``request.memberships``, read by ``shared.core.context_processors``).
    Token-authenticated API requests are resolved by ``HasCapability``, since
    DRF authenticates them after middleware has run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        membership = None
        if tenant is not None and tenant.schema_name != "public" and request.user.is_authenticated:
            memberships = selectors.memberships_of(person=request.user)
            membership = next((m for m in memberships if m.organization_id == tenant.pk), None)
            request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        return self.get_response(request)


# The session key holding the time (Unix seconds) of the last request that refreshed it.
LAST_SEEN_KEY = "accounts.last_seen"
# Refresh the session at most this often; each refresh is a database write.
REFRESH_SECONDS = 60


class SessionIdleTimeoutMiddleware:
    """End a logged-in session after ``SESSION_IDLE_TIMEOUT_SECONDS`` without a request.

    Each request within the limit keeps it alive: the session (and its cookie
    and database row, whose age is the same limit) is refreshed at most once a
    minute. A session idle for longer is logged out before the view runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            last_seen = session.get(LAST_SEEN_KEY)
            if (
                last_seen is not None
                and now - int(last_seen) > settings.SESSION_IDLE_TIMEOUT_SECONDS
            ):
                auth.logout(request)
            elif last_seen is None or now - int(last_seen) >= REFRESH_SECONDS:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)
