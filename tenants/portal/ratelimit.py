"""A small fixed-window rate limit for the portal's anonymous forms, and a time trap.

Two counts: per client address and per e-mail address. A library, a school
or a workshop puts a room full of people behind one address, so the address
allows many submissions (a flood is hundreds); one person (one e-mail) only
a few. Robots are also held back by the honeypot and by the time trap: a form
carries the signed time it was shown, and one sent back faster than a person
can fill it in is refused.

Counts live in Django's cache, whose keys carry the organisation's schema,
so each organisation counts on its own. Addresses are hashed before they
become part of a key: the cache holds no addresses.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from shared.core import signing as organization_signing

# Submissions per client address, and per e-mail address, and organisation within
# WINDOW_SECONDS. Thirty people in a workshop on one Wi-Fi, each sending an idea and
# a need or two, stay well within ADDRESS_LIMIT.
ADDRESS_LIMIT = 120
EMAIL_LIMIT = 5
WINDOW_SECONDS = 10 * 60
# The time trap: nobody reads and fills in a form faster than this.
MIN_FILL_SECONDS = 3
# A form shown longer ago than this is shown again (with what was typed) to be sent.
MAX_FILL_SECONDS = 24 * 60 * 60
RENDERED_AT_SALT = "idesluss.portal.rendered_at"
RENDERED_AT_FIELD = "visad"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    ``PORTAL_TRUSTED_PROXY_HOPS`` says how many proxies (an ingress, a load
    balancer) stand in front of the application and append to
    X-Forwarded-For. Without it the header is ignored, since a client can
    write anything in it.
    """
    hops = int(getattr(settings, "PORTAL_TRUSTED_PROXY_HOPS", 0))
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(scope: str, address: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"portal:ratelimit:{scope}:{digest}:{window}"


def hit(
    request: HttpRequest,
    *,
    scope: str = "submit",
    limit: int | None = None,
    window_seconds: int = WINDOW_SECONDS,
) -> Verdict:
    """Count one submission from the request's client; tell whether it is within the limit."""
    return _hit(scope, client_address(request), limit or ADDRESS_LIMIT, window_seconds)


def hit_email(
    email: str, *, limit: int | None = None, window_seconds: int = WINDOW_SECONDS
) -> Verdict:
    """Count one submission from the e-mail address; tell whether it is within the limit."""
    return _hit("email", email.strip().lower(), limit or EMAIL_LIMIT, window_seconds)


def _hit(scope: str, value: str, limit: int, window_seconds: int) -> Verdict:
    now = int(time.time())
    window = now // window_seconds
    key = _key(scope, value, window)
    # add() is a no-op when the key exists; incr() is atomic in Redis and locmem.
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds + 5)
        count = 1
    retry_after = (window + 1) * window_seconds - now
    return Verdict(allowed=count <= limit, retry_after=max(retry_after, 1))


def rendered_at_token(*, organization: object, at: float | None = None) -> str:
    """A signed record of when a form was shown, for the form's hidden field."""
    return organization_signing.organization_dumps(
        round(time.time() if at is None else at, 1),
        salt=RENDERED_AT_SALT,
        organization=organization,  # type: ignore[arg-type]
    )


def filled_too_fast(token: str, *, organization: object) -> bool:
    """Whether a form came back faster than a person fills one in, or without a valid time.

    ``PORTAL_MIN_FILL_SECONDS`` (default ``MIN_FILL_SECONDS``) sets the limit;
    0 turns the time trap off.
    """
    minimum = float(getattr(settings, "PORTAL_MIN_FILL_SECONDS", MIN_FILL_SECONDS))
    if minimum <= 0:
        return False
    try:
        shown = float(
            organization_signing.organization_loads(
                token,
                salt=RENDERED_AT_SALT,
                organization=organization,  # type: ignore[arg-type]
                max_age=MAX_FILL_SECONDS,
            )
        )
    except (signing.BadSignature, TypeError, ValueError):
        return True
    return time.time() - shown < minimum
