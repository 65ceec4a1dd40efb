"""SAML 2.0 for an organisation's identity provider, through pysaml2 (signatures by xmlsec1).

Each organisation is a service provider of its own: its entity id is the
metadata address on its own host, and its Assertion Consumer Service is on
that host too, so the audience of an assertion names one organisation.
Assertions must be signed by a key in the provider's metadata, answer a
request this browser made (``InResponseTo``), and be within the tolerated
clock skew.

The provider posts its answer from its own site, and a browser does not send
our session cookie (SameSite=Lax) with such a post. The Assertion Consumer
Service therefore keeps the answer for a minute under a random key and sends
the browser on with a top-level GET, which carries the session; the answer
is checked there, against the request this session made.
"""

from __future__ import annotations

import secrets
import shutil
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.response import StatusError

from shared.core.urls import organization_url
from shared.sso import flows
from shared.sso.models import IdentityProvider
from shared.sso.oidc import ProviderError, _checked_url

PENDING_PREFIX = "sso.saml.pending."
PENDING_SECONDS = 60


class SamlRefused(ProviderError):
    """The provider answered that the login failed (a SAML status other than success)."""


def xmlsec_binary() -> str:
    """The xmlsec1 program pysaml2 signs and checks with (deploy/local/ensure_xmlsec.py)."""
    path = shutil.which("xmlsec1")
    if path is None:
        raise ProviderError("xmlsec1 is not installed (deploy/local/ensure_xmlsec.py).")
    return path


def entity_id(organization: Any) -> str:
    return organization_url(organization, reverse("sso:saml-metadata"))


def acs_url(organization: Any) -> str:
    return organization_url(organization, reverse("sso:saml-acs"))


def provider_metadata(provider: IdentityProvider) -> str:
    """The provider's metadata: pasted by the admin, or read from its address."""
    if provider.metadata_xml.strip():
        return provider.metadata_xml
    try:
        response = requests.get(
            _checked_url(provider.metadata_url),
            timeout=settings.SSO_HTTP_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        response.raise_for_status()
    except requests.RequestException as error:
        raise ProviderError(f"{provider.metadata_url}: {error}") from error
    return response.text


def sp_config(organization: Any, *, metadata: str | None = None) -> SPConfig:
    """The organisation's service provider, trusting only ``metadata`` (its provider's)."""
    config: dict[str, Any] = {
        "entityid": entity_id(organization),
        "xmlsec_binary": xmlsec_binary(),
        "service": {
            "sp": {
                "endpoints": {
                    "assertion_consumer_service": [(acs_url(organization), BINDING_HTTP_POST)]
                },
                "allow_unsolicited": False,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": False,
            }
        },
        "accepted_time_diff": settings.SSO_CLOCK_SKEW_SECONDS,
        "allow_unknown_attributes": True,
    }
    if metadata is not None:
        config["metadata"] = {"inline": [metadata]}
    sp = SPConfig()
    sp.load(config)
    return sp


def sp_metadata(organization: Any) -> str:
    """The organisation's service-provider metadata, for the provider's admin."""
    return str(entity_descriptor(sp_config(organization)))


def _client(provider: IdentityProvider) -> Saml2Client:
    try:
        return Saml2Client(
            config=sp_config(provider.organization, metadata=provider_metadata(provider))
        )
    except ProviderError:
        raise
    except Exception as error:  # pysaml2 raises many kinds on bad metadata
        raise ProviderError(f"The provider's metadata could not be used: {error}") from error


def authn_redirect(request: Any, *, provider: IdentityProvider, mode: str, next_url: str) -> str:
    """The provider's login address with a request whose id this session keeps."""
    client = _client(provider)
    request_id = "id-" + secrets.token_hex(16)
    relay_state = flows.flow_start(
        request,
        organization=provider.organization,
        mode=mode,
        next_url=next_url,
        data={"request_id": request_id},
    )
    try:
        _id, info = client.prepare_for_authenticate(
            entityid=provider.idp_entity_id,
            relay_state=relay_state,
            binding=BINDING_HTTP_REDIRECT,
            message_id=request_id,
        )
    except Exception as error:  # an entity id the metadata does not hold, no SSO endpoint
        raise ProviderError(f"No login request could be made: {error}") from error
    return str(dict(info["headers"])["Location"])


def pending_store(*, saml_response: str, relay_state: str) -> str:
    """Keep a posted answer for the next step (see the module's docstring); return its key."""
    key = secrets.token_urlsafe(24)
    cache.set(PENDING_PREFIX + key, {"r": saml_response, "s": relay_state}, PENDING_SECONDS)
    return key


def pending_take(key: str) -> dict[str, str] | None:
    """The answer kept under ``key``, once."""
    if not key:
        return None
    value = cache.get(PENDING_PREFIX + key)
    cache.delete(PENDING_PREFIX + key)
    return value if isinstance(value, dict) else None


def authn_response(
    *, provider: IdentityProvider, saml_response: str, request_id: str
) -> dict[str, Any]:
    """The checked answer's subject and attributes; ``ProviderError`` for anything else."""
    client = _client(provider)
    try:
        response = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except StatusError as error:
        raise SamlRefused(str(error)) from error
    except Exception as error:  # signature, audience, time, InResponseTo …: pysaml2's many kinds
        raise ProviderError(f"The SAML answer was refused: {error}") from error
    if response is None or response.assertion is None:
        raise ProviderError("The SAML answer held no assertion.")
    issuer = response.assertion.issuer.text if response.assertion.issuer is not None else ""
    if issuer != provider.idp_entity_id:
        raise ProviderError(f"The assertion was issued by {issuer!r}.")
    if response.in_response_to != request_id:
        raise ProviderError("The answer is to another request.")
    return {
        "subject": response.name_id.text if response.name_id is not None else "",
        "attributes": {key: list(values) for key, values in response.get_identity().items()},
    }


def person_of(*, provider: IdentityProvider, answer: dict[str, Any]) -> dict[str, Any]:
    """E-mail, name and groups from the attributes the admin named."""
    attributes = answer["attributes"]

    def first(name: str) -> str:
        values = attributes.get(name) or []
        return str(values[0]) if values else ""

    email = first(provider.email_attribute) or (
        answer["subject"] if "@" in answer["subject"] else ""
    )
    full_name = first("displayName") or " ".join(
        part for part in (first("givenName"), first("sn")) if part
    )
    groups = attributes.get(provider.groups_attribute, []) if provider.groups_attribute else []
    return {"email": email, "full_name": full_name, "groups": [str(group) for group in groups]}
