"""A coach finds another organisation's proven idea in the network by search and adopts it."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from network.adoptions.models import Adoption
from tenants.adopted.models import Provenance
from tenants.ideas.models import Idea
from tenants.sharing import services as sharing_services
from tests.factories import TEST_PASSWORD, MembershipFactory
from tests.network.exchange import make

pytestmark = pytest.mark.browser


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


class TestAdoptingFromTheNetwork:
    def test_a_coach_finds_a_proven_idea_by_search_and_takes_it_into_the_lock(
        self, page, live_server, committed_tenant_a, committed_tenant_b, url_of
    ):
        origin_coach = MembershipFactory(organization=committed_tenant_a, role="coach").person
        coach = MembershipFactory(
            organization=committed_tenant_b, role="coach", person__full_name="Cecilia Coach"
        ).person
        with schema_context(committed_tenant_a.schema_name):
            idea = make.idea_at_test(origin_coach)
            make.evaluate(idea.trials.get(), origin_coach)
            publication = sharing_services.publication_publish(
                kind="idea", source_id=idea.pk, by=origin_coach
            )
            # Unpublished work of the origin that the search must not bring up.
            make.idea_at_test(origin_coach, title="Hemlig fikaplan CANARY-ALFA")

        log_in(page, url_of(committed_tenant_b, "/natverk/"), coach.email)

        search = page.get_by_role("search")
        search.get_by_label("Sök", exact=True).fill("fikaträff")
        search.get_by_label("Typ").select_option("idea")
        search.get_by_role("button", name="Sök").click()
        results = page.locator(".network-list")
        expect(page.locator("#results-heading")).to_have_text("1 träff")
        expect(results).to_contain_text("Alfa kommun")
        expect(results).not_to_contain_text("CANARY-ALFA")
        results.get_by_role("link", name="Digitala fikaträffar för äldre").click()

        expect(page).to_have_url(url_of(committed_tenant_b, f"/natverk/{publication.pk}/"))
        expect(page.locator("#evidence-heading")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Ensamheten minskade tydligt.")
        page.get_by_role("link", name="Ta in i vår idésluss").click()

        expect(page).to_have_url(url_of(committed_tenant_b, f"/natverk/{publication.pk}/ta-in/"))
        page.get_by_label("Anpassad").check()
        page.get_by_label("Startsteg").select_option(label="Test")
        page.get_by_role("button", name="Ta in i vår idésluss").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Digitala fikaträffar för äldre")
        expect(page.locator("#provenance")).to_have_text(
            "Tagen in från Alfa kommun: ”Digitala fikaträffar för äldre”."
        )
        with schema_context(committed_tenant_b.schema_name):
            adopted = Idea.objects.get()
            provenance = Provenance.objects.get()
            assert provenance.idea_id == adopted.pk
            assert provenance.category == "adapted"
            assert adopted.stage.key == "test"
        assert unquote(page.url) == url_of(committed_tenant_b, f"/idéer/{adopted.pk}/")
        assert Adoption.objects.get(publication=publication).organization == committed_tenant_b

        page.goto(url_of(committed_tenant_b, "/natverk/intaget/"))
        expect(page.locator("main table")).to_contain_text("Digitala fikaträffar för äldre")
        expect(page.locator("main table")).to_contain_text("Alfa kommun")
        expect(page.locator("main table")).to_contain_text("Anpassad")

        page.goto(url_of(committed_tenant_b, f"/natverk/{publication.pk}/"))
        expect(page.locator("#spridning table")).to_contain_text("Beta kommungrupp")
        expect(page.locator("#spridning")).to_contain_text("Er organisation har tagit in det här.")
