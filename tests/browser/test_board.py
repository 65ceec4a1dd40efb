"""A coach moves an idea on the board with the keyboard, and finds the move in its history."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, MembershipFactory, make_idea

pytestmark = pytest.mark.browser

TITLE = "Cykelställ för lådcyklar vid skolorna"
BOARD_PATH = quote("/idéer/tavla/")


@pytest.fixture
def coach(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a,
        role="coach",
        person__email="cecilia.coach@example.org",
        person__full_name="Cecilia Coach",
    ).person


@pytest.fixture
def idea(committed_tenant_a, coach):
    with tenant_context(committed_tenant_a):
        return make_idea(
            title=TITLE,
            description="Föräldrar som lämnar barn med lådcykel har ingenstans att ställa den.",
        )


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


class TestBoard:
    def test_a_coach_moves_an_idea_from_received_to_screening_with_a_reason(
        self, page, live_server, committed_tenant_a, coach, idea, url_of
    ):
        log_in(page, url_of(committed_tenant_a, BOARD_PATH), coach.email)
        expect(page.get_by_role("heading", level=1)).to_have_text("Idéer: tavla")
        received = page.locator('section[data-stage="received"]')
        screening = page.locator('section[data-stage="screening"]')
        expect(received.get_by_role("heading", level=2)).to_have_text("Inkommen (1)")
        expect(screening.get_by_role("heading", level=2)).to_have_text("Beredning (0)")

        card = received.get_by_role("article", name=TITLE)
        card.locator("summary").focus()
        page.keyboard.press("Enter")  # the disclosure opens from the keyboard
        card.get_by_label("Flytta till").select_option(label="Beredning")
        card.get_by_label("Motivering").fill("Värd att bereda: berör alla skolor.")
        card.get_by_role("button", name="Flytta").focus()
        page.keyboard.press("Enter")

        expect(page.get_by_role("status")).to_contain_text(f"”{TITLE}” flyttades till Beredning.")
        expect(screening.get_by_role("heading", level=2)).to_have_text("Beredning (1)")
        expect(received.get_by_role("heading", level=2)).to_have_text("Inkommen (0)")
        expect(screening.get_by_role("link", name=TITLE)).to_be_visible()

        screening.get_by_role("link", name=TITLE).click()
        expect(page).to_have_url(re.compile(rf"/id%C3%A9er/{idea.pk}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        history = page.get_by_role("table", name=re.compile("Idéns väg genom slussen"))
        last_move = history.get_by_role("row").last
        expect(last_move).to_contain_text("Inkommen")
        expect(last_move).to_contain_text("Beredning")
        expect(last_move).to_contain_text("Cecilia Coach")
        expect(last_move).to_contain_text("Värd att bereda: berör alla skolor.")
