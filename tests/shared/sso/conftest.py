"""A real OpenID Connect provider on a local port, for the whole session.

``oidc-provider-mock`` is an OpenID Connect provider built on Authlib's
server components (a Flask application of its own, served by werkzeug on a
thread): it publishes its keys, signs ID tokens with RS256, checks the
registered client's secret and redirect URI, requires the nonce, and issues
refresh tokens it can later refuse. Nothing leaves this machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests
from django.test import Client

from shared.sso import services


@dataclass
class Provider:
    """The running provider and a client registered at it."""

    issuer: str

    def register_client(self, *redirect_uris: str) -> tuple[str, str]:
        response = requests.post(
            f"{self.issuer}/oauth2/clients",
            json={"redirect_uris": list(redirect_uris)},
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["client_id"], response.json()["client_secret"]

    def set_user(self, sub: str, **claims: object) -> None:
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def revoke(self, sub: str) -> None:
        requests.post(f"{self.issuer}/users/{sub}/revoke-tokens", timeout=5).raise_for_status()

    def authorize(self, authorization_url: str, *, sub: str, deny: bool = False) -> str:
        """Log in at the provider's page as ``sub``; return where it sends the browser."""
        data = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(authorization_url, data=data, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    with oidc_provider_mock.run_server_in_thread(
        require_client_registration=True, require_nonce=True
    ) as server:
        yield Provider(issuer=f"http://localhost:{server.server_port}")


def callback_uri(organization) -> str:  # type: ignore[no-untyped-def]
    return f"http://{organization.domains.get(is_primary=True).domain}/accounts/sso/oidc/callback/"


@pytest.fixture
def configure_oidc(oidc_provider):  # type: ignore[no-untyped-def]
    """Give an organisation the local provider, with a client registered for its host."""

    def configure(organization, *, mappings=(), require_sso=False, by=None):  # type: ignore[no-untyped-def]
        client_id, client_secret = oidc_provider.register_client(callback_uri(organization))
        return services.identity_provider_save(
            organization=organization,
            settings=services.ProviderSettings(
                protocol="oidc",
                enabled=True,
                require_sso=require_sso,
                issuer=oidc_provider.issuer,
                client_id=client_id,
                client_secret=client_secret,
                scopes="openid email profile",
                email_claim="email",
                groups_claim="groups",
                mappings=list(mappings),
            ),
            by=by,
        )

    return configure


def follow_to_provider(client: Client, path: str = "/accounts/sso/login/") -> str:
    """Start a login on ``client``'s host; return the provider's authorization URL."""
    response = client.get(path)
    assert response.status_code == 302, response.content[:500]
    return str(response["Location"])


def back_from_provider(client: Client, location: str):  # type: ignore[no-untyped-def]
    """Follow the provider's redirect back to our callback on the client's host."""
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


@pytest.fixture
def sso_login(oidc_provider):  # type: ignore[no-untyped-def]
    """Log ``sub`` in through the provider on ``client``'s host; return the callback's answer."""

    def login(client: Client, sub: str, *, next_path: str = "", deny: bool = False):  # type: ignore[no-untyped-def]
        start = "/accounts/sso/login/" + (f"?next={next_path}" if next_path else "")
        location = follow_to_provider(client, start)
        return back_from_provider(client, oidc_provider.authorize(location, sub=sub, deny=deny))

    return login
