"""The idea page tells the idea's whole story: its decision, its test and its method."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from tenants.coaching import services as coaching_services
from tests.factories import TEST_PASSWORD, MembershipFactory
from tests.tenants.council import make as council_make
from tests.tenants.library import make as library_make

pytestmark = pytest.mark.browser


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


class TestIdeaStoryPage:
    def test_shows_the_decision_the_evaluated_test_and_the_method_and_corrects_the_idea(
        self, page, live_server, committed_tenant_a, url_of
    ):
        admin = MembershipFactory(
            organization=committed_tenant_a, role="admin", person__full_name="Ada Admin"
        ).person
        coach = MembershipFactory(
            organization=committed_tenant_a, role="coach", person__full_name="Cilla Coach"
        ).person
        with tenant_context(committed_tenant_a):
            item = council_make.item(admin)
            decision = council_make.decide(admin, item)
            idea = item.idea
            coaching_services.coach_assign(idea=idea, coach=coach, by=admin)
            trial = council_make.evaluated_trial(idea)
            library_make.method(title="Tjänstedesign med brukare").ideas.add(idea)

        log_in(page, url_of(committed_tenant_a, f"/idéer/{idea.pk}/"), admin.email)

        story = page.locator("#story")
        expect(story.locator("#coach")).to_contain_text("Cilla Coach")
        expect(story.locator("#decisions")).to_contain_text(decision.registration_number)
        expect(story.locator("#decisions")).to_contain_text("Finansiera test")
        expect(story.locator("#trials")).to_contain_text(trial.title)
        expect(story.locator("#trials")).to_contain_text("Inför")
        expect(story.locator("#methods")).to_contain_text("Tjänstedesign med brukare")

        story.get_by_text("Rätta idén").click()
        story.get_by_label("Rubrik").fill("Rättad rubrik")
        story.get_by_label("Varför rättas idén?").fill("Felstavat")
        story.get_by_role("button", name="Spara rättelsen").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Rättad rubrik")
        expect(page.locator("#corrections")).to_contain_text("Felstavat")
