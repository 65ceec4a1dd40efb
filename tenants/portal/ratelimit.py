"""A small fixed-window rate limit for the portal's anonymous forms.

Counts live in Django's cache, whose keys carry the organisation's schema,
so each organisation counts on its own. The client address is hashed before
it becomes part of a key: the cache holds no addresses.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Submissions per client address and organisation within WINDOW_SECONDS.
LIMIT = 5
WINDOW_SECONDS = 10 * 60


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
    limit: int = LIMIT,
    window_seconds: int = WINDOW_SECONDS,
) -> Verdict:
    """Count one submission from the request's client; tell whether it is within the limit."""
    now = int(time.time())
    window = now // window_seconds
    key = _key(scope, client_address(request), window)
    # add() is a no-op when the key exists; incr() is atomic in Redis and locmem.
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds + 5)
        count = 1
    retry_after = (window + 1) * window_seconds - now
    return Verdict(allowed=count <= limit, retry_after=max(retry_after, 1))
