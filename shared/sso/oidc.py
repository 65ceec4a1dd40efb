"""The one module that talks to an organisation's OpenID Connect provider.

Authlib builds the authorization request (with PKCE, S256) and exchanges the
code at the token endpoint; joserfc (Authlib's JOSE library) checks the ID
token: its signature against the provider's published keys, its issuer,
audience, expiry and nonce, with ``SSO_CLOCK_SKEW_SECONDS`` of clock
difference tolerated. Nothing here decides who may log in: that is
``shared.sso.services``.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from shared.sso import crypto
from shared.sso.models import IdentityProvider

# Only signatures with a public key: a symmetric one (HS256) would be keyed by
# the client secret, which the provider's admin and we both hold.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]


class ProviderError(Exception):
    """The provider could not be reached, or answered something unusable."""


class TokenRefused(ProviderError):
    """The provider refused a grant (the code, or a refresh token): it no longer accepts this."""


def _checked_url(url: str) -> str:
    """Refuse an address the platform must not call for an organisation.

    https only (plain http where ``SSO_ALLOW_HTTP_ISSUERS`` allows it, for a
    provider on this machine); outside that, no address on a private,
    loopback or link-local network, so an admin cannot make the platform
    read its own internal services.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ProviderError(f"Not an http(s) address: {url!r}")
    if settings.SSO_ALLOW_HTTP_ISSUERS:
        return url
    if parts.scheme != "https":
        raise ProviderError(f"The provider must be reached over https: {url!r}")
    try:
        addresses = {
            str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, parts.port or 443)
        }
    except OSError as error:
        raise ProviderError(f"Unknown host: {parts.hostname}") from error
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise ProviderError(f"{parts.hostname} is not a public address.")
    return url


def _get_json(url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = requests.get(
            _checked_url(url),
            timeout=settings.SSO_HTTP_TIMEOUT_SECONDS,
            allow_redirects=False,
            **kwargs,
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(f"{url}: {error}") from error
    if not isinstance(data, dict):
        raise ProviderError(f"{url}: not a JSON object")
    return data


def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata (OpenID Connect Discovery); its issuer must be ``issuer``."""
    metadata = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if metadata.get("issuer") != issuer:
        raise ProviderError(
            f"The provider says its issuer is {metadata.get('issuer')!r}, not {issuer!r}."
        )
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(key), str):
            raise ProviderError(f"The provider's metadata has no {key}.")
    return metadata


def client_secret(provider: IdentityProvider) -> str:
    """The client secret: from the environment if so configured, else decrypted from the row."""
    if provider.secret_from_environment:
        import os

        return os.environ.get(provider.secret_environment_name(), "")
    return crypto.decrypt(provider.client_secret_encrypted)


def _session(provider: IdentityProvider, **kwargs: Any) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=client_secret(provider) or None,
        scope=provider.scopes or "openid",
        code_challenge_method="S256",
        **kwargs,
    )


def authorization_url(
    *,
    provider: IdentityProvider,
    metadata: dict[str, Any],
    redirect_uri: str,
    state: str,
    nonce: str,
    code_verifier: str,
) -> str:
    """Where to send the person: the provider's login, with state, nonce and a PKCE challenge."""
    session = _session(provider, redirect_uri=redirect_uri)
    url, _state = session.create_authorization_url(
        _checked_url(metadata["authorization_endpoint"]),
        state=state,
        nonce=nonce,
        code_verifier=code_verifier,
    )
    return str(url)


def exchange_code(
    *,
    provider: IdentityProvider,
    metadata: dict[str, Any],
    redirect_uri: str,
    code: str,
    code_verifier: str,
) -> dict[str, Any]:
    """The provider's tokens for an authorization code (sent with the PKCE verifier)."""
    session = _session(provider, redirect_uri=redirect_uri)
    try:
        token = session.fetch_token(
            _checked_url(metadata["token_endpoint"]),
            grant_type="authorization_code",
            code=code,
            code_verifier=code_verifier,
            timeout=settings.SSO_HTTP_TIMEOUT_SECONDS,
        )
    except OAuthError as error:
        raise TokenRefused(str(error)) from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(str(error)) from error
    if not isinstance(token, dict) or not token.get("id_token"):
        raise ProviderError("The provider sent no ID token.")
    return dict(token)


def refresh(
    *, provider: IdentityProvider, metadata: dict[str, Any], refresh_token: str
) -> dict[str, Any]:
    """New tokens for a refresh token; ``TokenRefused`` when the provider no longer accepts it."""
    session = _session(provider)
    try:
        token = session.refresh_token(
            _checked_url(metadata["token_endpoint"]),
            refresh_token=refresh_token,
            timeout=settings.SSO_HTTP_TIMEOUT_SECONDS,
        )
    except OAuthError as error:
        raise TokenRefused(str(error)) from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(str(error)) from error
    return dict(token)


def id_token_claims(
    *, provider: IdentityProvider, metadata: dict[str, Any], id_token: str, nonce: str | None
) -> dict[str, Any]:
    """The claims of a checked ID token; ``ProviderError`` for any token that fails a check.

    Checked: the signature (a key the provider publishes, an asymmetric
    algorithm), ``iss`` the configured issuer, ``aud`` this client (and
    ``azp`` when there are several audiences), ``exp`` and ``iat`` within the
    tolerated clock skew, and ``nonce`` the one this login sent (``None``
    only for a refresh, where the provider may leave it out).
    """
    keys = KeySet.import_key_set(_get_json(metadata["jwks_uri"]))  # type: ignore[arg-type]
    try:
        token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
        claims_options: dict[str, Any] = {
            "iss": {"essential": True, "value": provider.issuer},
            "aud": {"essential": True, "value": provider.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "iat": {"essential": True},
        }
        if nonce is not None:
            claims_options["nonce"] = {"essential": True, "value": nonce}
        jwt.JWTClaimsRegistry(leeway=settings.SSO_CLOCK_SKEW_SECONDS, **claims_options).validate(
            token.claims
        )
    except (JoseError, ValueError) as error:
        raise ProviderError(f"The ID token was refused: {error}") from error
    claims = dict(token.claims)
    audience = claims.get("aud")
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != provider.client_id:
        raise ProviderError("The ID token was issued to another client (azp).")
    return claims


def userinfo(*, metadata: dict[str, Any], access_token: str, subject: str) -> dict[str, Any]:
    """The userinfo endpoint's claims, if it has one; they must be about ``subject``."""
    endpoint = metadata.get("userinfo_endpoint")
    if not isinstance(endpoint, str) or not access_token:
        return {}
    info = _get_json(endpoint, headers={"Authorization": f"Bearer {access_token}"})
    if info.get("sub") != subject:
        raise ProviderError("The userinfo answer is about someone else.")
    return info
