"""Pages work in a real browser under the content security policy, and it refuses what it should."""

from __future__ import annotations

import re

import pytest
from django.utils.encoding import iri_to_uri
from django_tenants.utils import tenant_context
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.test_login import log_in
from tests.factories import MembershipFactory
from tests.tenants.council import make

pytestmark = pytest.mark.browser


@pytest.fixture
def refusals(page: Page) -> list[str]:
    """Collect what Chromium reports it refused because of the policy."""
    found: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", note)
    return found


class TestContentSecurityPolicy:
    def test_the_api_documentation_runs_swagger_ui_with_its_nonce(
        self, page, refusals, live_server, committed_tenant_a, url_of
    ):
        page.goto(url_of(committed_tenant_a, "/api/docs/"))

        # Swagger UI is drawn by the inline script, which runs only with the nonce.
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Idésluss API")
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
        assert refusals == []

    def test_the_login_page_loads_without_a_refusal(
        self, page, refusals, live_server, committed_tenant_a, url_of
    ):
        page.goto(url_of(committed_tenant_a, "/accounts/login/"))

        expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
        assert refusals == []

    def test_refuses_a_script_injected_without_the_nonce(
        self, page, refusals, live_server, committed_tenant_a, url_of
    ):
        page.goto(url_of(committed_tenant_a, "/accounts/login/"))

        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "document.body.dataset.injected = 'yes'";
                document.body.appendChild(script);
            }"""
        )

        # Chromium reports the refusal on the console before the call returns.
        assert page.evaluate("() => document.body.dataset.injected") is None
        assert any(re.search(r"inline script violates", text) for text in refusals), refusals

    def test_the_council_minutes_show_their_print_button_from_a_static_script(
        self, page, refusals, live_server, committed_tenant_a, url_of
    ):
        admin = MembershipFactory(organization=committed_tenant_a, role="admin").person
        with tenant_context(committed_tenant_a):
            meeting = make.meeting(admin)
        log_in(page, url_of(committed_tenant_a), admin.email)

        page.goto(
            url_of(
                committed_tenant_a, iri_to_uri(f"/idérådet/sammanträden/{meeting.pk}/protokoll/")
            )
        )

        # The button is hidden in the markup; js/print.js shows it.
        expect(page.get_by_role("button", name="Skriv ut / spara som PDF")).to_be_visible()
        assert refusals == []
