"""The worklist home, seen in a browser: a coach's day and an admin's day."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from tenants.coaching import services as coaching_services
from tenants.coaching.models import NextStep
from tenants.ideas.models import Idea
from tests.factories import TEST_PASSWORD, MembershipFactory, make_idea
from tests.tenants.council import make as council_make

pytestmark = pytest.mark.browser


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


@pytest.fixture
def admin(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a,
        role="admin",
        person__email="alma.admin@example.org",
        person__full_name="Alma Admin",
    ).person


@pytest.fixture
def coach(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a,
        role="coach",
        person__email="conny.coach@example.org",
        person__full_name="Conny Coach",
    ).person


class TestWorklistHome:
    def test_a_coach_sees_an_overdue_step_and_an_idea_that_has_waited_too_long(
        self, page, live_server, committed_tenant_a, admin, coach, url_of
    ):
        today = timezone.localdate()
        with tenant_context(committed_tenant_a):
            idea = make_idea(title="Elcyklar för hemtjänsten")
            coaching_services.coach_assign(idea=idea, coach=coach, by=admin)
            step = coaching_services.next_step_add(
                idea=idea, description="Intervjua tre brukare", owner=coach, due_on=today, by=admin
            )
            NextStep.objects.filter(pk=step.pk).update(due_on=today - datetime.timedelta(days=3))
            Idea.objects.filter(pk=idea.pk).update(
                stage_changed_at=timezone.now() - datetime.timedelta(days=40)
            )

        log_in(page, url_of(committed_tenant_a, "/"), coach.email)

        steps = page.locator("#my-steps")
        expect(steps.get_by_role("heading", level=2)).to_have_text("Mina nästa steg")
        expect(steps).to_contain_text("Intervjua tre brukare")
        expect(steps).to_contain_text("försenat")
        waiting = page.locator("#waiting")
        expect(waiting).to_contain_text("Elcyklar för hemtjänsten")
        waiting.get_by_role("link", name="Elcyklar för hemtjänsten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Elcyklar för hemtjänsten")
        expect(page.locator("#coach")).to_contain_text("Conny Coach")

    def test_an_admin_sees_the_inbox_the_next_meeting_a_decision_without_a_plan_and_figures(
        self, page, live_server, committed_tenant_a, admin, url_of
    ):
        today = timezone.localdate()
        with tenant_context(committed_tenant_a):
            make_idea(title="Läxhjälp på biblioteket")
            held = council_make.meeting(admin, held_on=today - datetime.timedelta(days=7))
            decided = council_make.item(admin, at=held)
            council_make.decide(admin, decided, decided_on=today - datetime.timedelta(days=7))
            upcoming = council_make.meeting(
                admin, held_on=today + datetime.timedelta(days=12), title="Idérådet i januari"
            )
            on_agenda = council_make.item(admin, at=upcoming)

        log_in(page, url_of(committed_tenant_a, "/"), admin.email)

        expect(page.locator("#inbox-summary")).to_contain_text("Läxhjälp på biblioteket")
        meeting = page.locator("#next-meeting")
        expect(meeting).to_contain_text("Idérådet i januari")
        expect(meeting.get_by_role("listitem")).to_have_text([on_agenda.idea.title])
        expect(page.locator("#decisions-waiting")).to_contain_text(decided.idea.title)
        figures = page.locator("#key-figures")
        expect(figures.get_by_role("heading", level=2)).to_have_text(f"Nyckeltal {today.year}")
        expect(figures.get_by_role("row", name="Beslut i idérådet")).to_contain_text("1")
