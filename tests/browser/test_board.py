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
    # The board's script marks it ready once its keyboard and drag handlers are in place.
    if BOARD_PATH in url:
        expect(page.locator(".board[data-ready]")).to_be_attached()


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


class TestBoardWithTheKeyboardAndMouse:
    def test_a_card_is_picked_up_with_space_carried_with_arrows_and_dropped_with_enter(
        self, page, live_server, committed_tenant_a, coach, idea, url_of
    ):
        log_in(page, url_of(committed_tenant_a, BOARD_PATH), coach.email)
        received = page.locator('section[data-stage="received"]')
        screening = page.locator('section[data-stage="screening"]')
        card = received.get_by_role("article", name=TITLE)

        card.focus()
        page.keyboard.press("Space")
        expect(page.locator("#board-live")).to_contain_text(f"Valt: {TITLE}.")
        page.keyboard.press("ArrowRight")
        expect(page.locator("#board-live")).to_contain_text("Flytta till Beredning?")
        expect(screening).to_have_class(re.compile("drop-target"))
        page.keyboard.press("Enter")

        expect(page.get_by_role("status")).to_contain_text(f"”{TITLE}” flyttades till Beredning.")
        expect(screening.get_by_role("heading", level=2)).to_have_text("Beredning (1)")
        expect(received.get_by_role("heading", level=2)).to_have_text("Inkommen (0)")

    def test_escape_puts_the_card_back_and_a_closing_stage_asks_for_a_reason(
        self, page, live_server, committed_tenant_a, coach, idea, url_of
    ):
        log_in(page, url_of(committed_tenant_a, BOARD_PATH), coach.email)
        card = page.locator('section[data-stage="received"]').get_by_role("article", name=TITLE)

        card.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Escape")
        expect(page.locator("#board-live")).to_contain_text("Flytten avbröts.")
        card.focus()
        page.keyboard.press("Space")
        for _ in range(12):  # to the last column, a closing stage
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")

        expect(card.get_by_label("Motivering")).to_be_focused()
        expect(card.locator("details")).to_have_attribute("open", "")

    def test_a_card_is_moved_by_drag_and_drop_and_every_column_can_be_reached(
        self, page, live_server, committed_tenant_a, coach, idea, url_of
    ):
        log_in(page, url_of(committed_tenant_a, BOARD_PATH), coach.email)
        board = page.locator(".board")
        last = page.locator("section.column").last
        last.scroll_into_view_if_needed()
        expect(last).to_be_in_viewport()
        assert board.evaluate("b => b.scrollWidth > b.clientWidth")  # it scrolls inside itself
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        page.locator("section.column").first.scroll_into_view_if_needed()
        received = page.locator('section[data-stage="received"]')
        screening = page.locator('section[data-stage="screening"]')
        received.get_by_role("article", name=TITLE).drag_to(screening)

        expect(screening.get_by_role("heading", level=2)).to_have_text("Beredning (1)")
