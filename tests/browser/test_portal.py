"""A citizen submits an idea on the portal, confirms by mail and follows it as staff move it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from tenants.contacts import services as contact_services
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

TITLE = "Laddstolpar för elcyklar vid stationen"


@pytest.fixture
def coach(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a, role="coach", person__full_name="Cecilia Coach"
    ).person


@pytest.fixture
def published_idea(committed_tenant_a, coach):
    """An idea someone else submitted earlier, which staff have published."""
    with tenant_context(committed_tenant_a):
        contact = contact_services.contact_register(
            name="Någon Annan", email="annan@example.org", audience="citizen", consent_text="Ja."
        )
        idea = idea_services.idea_submit(
            title="Fler cykelställ vid stationen",
            description="Cyklarna står överallt.",
            audience="citizen",
            contact=contact,
        )
        idea_services.idea_set_public(idea=idea, is_public=True, by=coach)
        return idea


def follow_link_in(body: str) -> str:
    match = re.search(r"http://alfa\.localhost:\d+/portal/folj/[\w-]+/", body)
    assert match, body
    return match.group(0)


class TestCitizenPortal:
    def test_a_citizen_submits_confirms_and_follows_an_idea_through_the_lock(
        self,
        page: Page,
        live_server,
        committed_tenant_a,
        coach,
        published_idea,
        url_of,
        settings,
    ):
        # Links in mail point at the live server's port, as they would at the real host's.
        settings.SITE_PORT = str(urlsplit(live_server.url).port)
        page.goto(url_of(committed_tenant_a, "/portal/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Idéslussen i Alfa kommun")
        expect(page.get_by_text("Fler cykelställ vid stationen")).to_be_visible()

        page.get_by_role("link", name="Lämna en idé").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Lämna en idé")
        page.get_by_label("Rubrik").fill(TITLE)
        page.get_by_label("Beskriv din idé").fill("Många cyklar till stationen men kan inte ladda.")
        # Typing shows public ideas like this one, so the citizen can support one instead.
        similar = page.locator("#similar-ideas")
        expect(similar).to_have_attribute("aria-live", "polite")
        expect(similar.get_by_role("link")).to_have_text(
            f"{published_idea.registration_number} Fler cykelställ vid stationen"
        )
        page.get_by_label(re.compile(r"^Namn")).fill("Ingrid Invånare")
        page.get_by_label("E-postadress").fill("ingrid@example.org")
        page.get_by_label("Jag är").select_option("citizen")
        page.get_by_label("Vill inte ange").check()
        page.get_by_label("Jag har läst texten om hur mina uppgifter används").check()
        page.get_by_role("button", name="Skicka idén").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din idé!")
        expect(page.get_by_text("Bekräfta din e-postadress.")).to_be_visible()
        assert [message.to for message in mail.outbox] == [["ingrid@example.org"]]
        link = follow_link_in(str(mail.outbox[0].body))

        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Dina idéer")
        expect(
            page.get_by_text("Din e-postadress ingrid@example.org är bekräftad.")
        ).to_be_visible()
        card = page.locator("article.idea-card", has_text=TITLE)
        expect(card.locator(".stage-badge")).to_have_text("Inkommen")

        with tenant_context(committed_tenant_a):
            idea = Idea.objects.get(title=TITLE)
            idea_services.idea_move(
                idea=idea,
                to_stage=Stage.objects.get(key="screening"),
                by=coach,
                reason="Vi tittar på det med trafikenheten.",
            )

        page.reload()
        expect(card.locator(".stage-badge")).to_have_text("Beredning")
        history = card.locator("ol.history li")
        expect(history).to_have_count(2)
        expect(history.nth(0)).to_contain_text("Inkommen")
        expect(history.nth(1)).to_contain_text("Beredning")
