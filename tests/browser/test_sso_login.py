"""A member logs in through their municipality's own OpenID Connect provider's page, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
from playwright.sync_api import Page, expect

from shared.accounts.models import Membership
from shared.sso import services
from tests.shared.sso.conftest import Provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[Provider]:
    with oidc_provider_mock.run_server_in_thread(
        require_client_registration=True, require_nonce=True
    ) as server:
        yield Provider(issuer=f"http://localhost:{server.server_port}")


class TestSsoLogin:
    def test_a_coach_logs_in_on_the_providers_page_and_lands_home_with_the_mapped_role(
        self, page: Page, live_server, committed_tenant_a, oidc_provider, url_of, settings
    ):
        # The redirect URI names the organisation's host at the live server's port.
        settings.SITE_PORT = str(urlsplit(live_server.url).port)
        callback = url_of(committed_tenant_a, "/accounts/sso/oidc/callback/")
        client_id, client_secret = oidc_provider.register_client(callback)
        services.identity_provider_save(
            organization=committed_tenant_a,
            settings=services.ProviderSettings(
                protocol="oidc",
                enabled=True,
                require_sso=True,
                issuer=oidc_provider.issuer,
                client_id=client_id,
                client_secret=client_secret,
                mappings=[("alfa-coacher", "coach")],
            ),
            by=None,
        )
        oidc_provider.set_user(
            "cilla-1", email="cilla.coach@alfa.example", name="Cilla Coach", groups=["alfa-coacher"]
        )
        home = url_of(committed_tenant_a)

        page.goto(url_of(committed_tenant_a, "/accounts/login/"))
        page.get_by_role("link", name="Logga in med Alfa kommun").click()
        expect(page).to_have_url(re.compile(re.escape(oidc_provider.issuer) + "/oauth2/authorize"))
        page.get_by_placeholder("sub").fill("cilla-1")
        page.get_by_role("button", name="Authorize").click()

        expect(page).to_have_url(home)
        expect(page.locator("header .who")).to_have_text("Cilla Coach · Idécoach")
        assert Membership.objects.get(person__email="cilla.coach@alfa.example").role == "coach"
