"""Throttling of login, the token endpoint and password reset (decision 0007).

Logins and token requests both go through ``authenticate()``, so django-axes
counts their failures in one place, in the public schema's database (shared by
every worker):

- five failures for one account from one address lock that combination for
  the cool-off period: the real person, from their own address, is unaffected;
- an address that fails many times over any accounts (password spraying) is
  locked as a whole, with a limit high enough for an office behind one address;
- there is no lock on an account alone, so nobody can lock a person out by
  guessing at their address from elsewhere; every lock ends after the cool-off.

Password reset mails are limited per address and per account by
django-ratelimit, counted in the shared cache.
"""

from __future__ import annotations

import functools
import ipaddress
import math
from collections.abc import Callable
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import is_ratelimited
from django_tenants.utils import schema_context
from rest_framework import exceptions, status

# The order the handler below relies on: the combination first, the address second.
LOCKOUT_PARAMETERS: list[str | list[str]] = [["username", "ip_address"], "ip_address"]


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    ``ACCOUNTS_TRUSTED_PROXY_HOPS`` says how many proxies append to
    X-Forwarded-For in front of the application; without it the header is
    ignored, since a client can write anything in it.
    """
    hops = int(getattr(settings, "ACCOUNTS_TRUSTED_PROXY_HOPS", 0))
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops and _is_address(forwarded[-hops]):
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def login_client_address(request: HttpRequest) -> str | None:
    """The client's address for django-axes, which stores it as an IP address (or none)."""
    address = client_address(request)
    return address if _is_address(address) else None


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a login names, in lower case, so changing case does not reset the count."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("email")
    return str(value).strip().lower() if value else None


def cool_off_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message(request: HttpRequest | None = None) -> str:
    minutes = cool_off_minutes(request)
    return ngettext(
        "För många misslyckade inloggningar. Av säkerhetsskäl är inloggningen spärrad i "
        "%(minutes)d minut. Försök igen sedan, eller återställ ditt lösenord.",
        "För många misslyckade inloggningar. Av säkerhetsskäl är inloggningen spärrad i "
        "%(minutes)d minuter. Försök igen sedan, eller återställ ditt lösenord.",
        minutes,
    ) % {"minutes": minutes}


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes' database handler with a wider limit for an address than for account + address."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        combination, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= int(settings.ACCOUNTS_LOGIN_ADDRESS_FAILURE_LIMIT):
            return max(combination, int(settings.AXES_FAILURE_LIMIT))
        return int(combination)

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # A successful login clears that account's failures from that address only,
        # never the address's count over other accounts (or a sprayer could clear it
        # by logging in to an account of their own now and then).
        username = login_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


class AccountLockedOut(exceptions.APIException):
    """The API's answer while a login is locked out: 429 with Retry-After."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(lockout_message(request))
        self.wait = cool_off_minutes(request) * 60  # DRF sends it as Retry-After


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``): a page, or the API's error."""
    if original_response is not None and original_response.status_code == 429:
        return original_response  # the view already said so in its own way
    retry_after = str(cool_off_minutes(request) * 60)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "locked_out", "message": lockout_message(request)}}, status=429
        )
    else:
        response = render(
            request,
            "accounts/locked_out.html",
            {"message": lockout_message(request)},
            status=429,
        )
    response["Retry-After"] = retry_after
    return response


# --- Password reset ----------------------------------------------------------------


def _reset_email(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def password_reset_is_limited(request: HttpRequest) -> bool:
    """Count a reset request per address and per account; True when either is over its rate.

    Counted in the public schema's key space, so asking on many organisations'
    hosts does not multiply the allowance.
    """
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        by_address = is_ratelimited(
            request,
            group="accounts.password_reset.address",
            key=lambda group, req: client_address(req),
            rate=settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS,
            method=["POST"],
            increment=True,
        )
        by_account = is_ratelimited(
            request,
            group="accounts.password_reset.account",
            key=_reset_email,
            rate=settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_ACCOUNT,
            method=["POST"],
            increment=True,
        )
    return bool(by_address or by_account)


def throttle_password_reset(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Wrap the password reset view: over the rate, answer 429 with a clear page, send nothing."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and password_reset_is_limited(request):
            return render(
                request,
                "accounts/locked_out.html",
                {
                    "message": _(
                        "För många begäranden om nytt lösenord. Vänta en stund och försök "
                        "igen; titta också i skräpposten efter ett mejl som redan skickats."
                    )
                },
                status=429,
            )
        return view(request, *args, **kwargs)

    return wrapper
