"""A login in flight: what this browser sent to the provider, bound to one organisation.

The value handed to the provider (``state`` for OpenID Connect, ``RelayState``
for SAML) is signed for the organisation whose host started the login
(``shared.core.signing``): a response meant for one organisation is refused on
any other host. It is spent on first use, and it names a flow whose secrets
(nonce, PKCE verifier, SAML request id) stay in this browser's session on
this host, so a response can only finish the login of the browser that
started it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from shared.core import signing as organization_signing

SALT = "idesluss.sso.flow"
SESSION_KEY = "sso.flows"
# The session remembers which organisation's provider logged the person in:
# such a session never hands the person over to another organisation.
SESSION_ORGANIZATION_KEY = "sso.organization"
# A browser can have a few logins started at once (tabs); older ones are dropped.
MAX_FLOWS = 5


MODE_LOGIN = "login"
MODE_TEST = "test"


@dataclass(frozen=True)
class Flow:
    mode: str
    next_url: str
    data: dict[str, Any]


def flow_start(
    request: HttpRequest, *, organization: Any, mode: str, next_url: str, data: dict[str, Any]
) -> str:
    """Keep ``data`` in the session and return the signed value to send to the provider."""
    flow_id = secrets.token_urlsafe(16)
    flows = dict(request.session.get(SESSION_KEY, {}))
    while len(flows) >= MAX_FLOWS:
        flows.pop(next(iter(flows)))
    flows[flow_id] = {"mode": mode, "next": next_url, "data": data}
    request.session[SESSION_KEY] = flows
    return organization_signing.organization_dumps(
        {"f": flow_id, "m": mode}, salt=SALT, organization=organization, once=True
    )


class FlowRefused(Exception):
    """The value came back on the wrong host, too late, twice, or to another browser."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def flow_finish(request: HttpRequest, *, organization: Any, value: str) -> Flow:
    """Return the flow ``value`` names, spending both; ``FlowRefused`` otherwise."""
    try:
        payload = organization_signing.organization_loads(
            value,
            salt=SALT,
            organization=organization,
            max_age=settings.SSO_FLOW_MAX_AGE_SECONDS,
            once=True,
        )
    except signing.SignatureExpired as error:
        raise FlowRefused("expired") from error
    except signing.BadSignature as error:
        raise FlowRefused("other_organization_or_forged") from error
    flow_id = payload.get("f") if isinstance(payload, dict) else None
    flows = dict(request.session.get(SESSION_KEY, {}))
    flow = flows.pop(flow_id, None) if isinstance(flow_id, str) else None
    request.session[SESSION_KEY] = flows
    if flow is None:
        raise FlowRefused("other_browser")
    return Flow(mode=flow["mode"], next_url=flow["next"], data=flow["data"])
