"""A member logs in on their organisation's host and reads it in Swedish or English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(committed_tenant_a):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        organization=committed_tenant_a,
        role="admin",
        person__email="astrid.admin@example.org",
        person__full_name="Astrid Admin",
    ).person


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


class TestLogin:
    def test_an_admin_logs_in_and_sees_the_organisations_home(
        self, page, live_server, committed_tenant_a, admin, url_of
    ):
        home = url_of(committed_tenant_a)

        log_in(page, home, admin.email)

        expect(page).to_have_url(home)
        expect(page.locator("html")).to_have_attribute("lang", "sv")
        expect(page.get_by_role("heading", level=1)).to_have_text("Alfa kommun")
        expect(page.locator("main .lead")).to_have_text("Du är inloggad som Administratör.")
        expect(page.locator("header .who")).to_have_text("Astrid Admin · Administratör")

    def test_the_admin_switches_the_page_to_english(
        self, page, live_server, committed_tenant_a, admin, url_of
    ):
        home = url_of(committed_tenant_a)
        log_in(page, home, admin.email)
        expect(page.get_by_role("heading", level=1)).to_have_text("Alfa kommun")

        page.get_by_label("Språk").select_option("en")
        page.get_by_role("button", name="Byt språk").click()

        expect(page).to_have_url(home)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Alfa kommun")
        expect(page.locator("main .lead")).to_have_text("You are logged in as Administrator.")
        expect(page.locator("header .who")).to_have_text("Astrid Admin · Administrator")
        expect(page.get_by_role("button", name="Change language")).to_be_visible()
        expect(page.get_by_role("link", name="Members")).to_be_visible()
