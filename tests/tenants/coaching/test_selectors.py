"""Coaching reads: the coach's workspace, an idea's coaches, steps that are due."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenants.coaching import selectors, services
from tenants.coaching.models import CoachAssignment
from tests.factories import make_idea
from tests.tenants.coaching.make import coached_idea, days, next_step

pytestmark = pytest.mark.django_db


class TestCoachWorkspace:
    def test_lists_the_coachs_current_ideas_only(self, in_tenant_a, coach, other_coach, admin):
        mine = coached_idea(coach, title="Min idé")
        coached_idea(other_coach, title="Någon annans idé")
        handed_over = coached_idea(coach, title="Lämnad vidare")
        services.coach_assign(idea=handed_over, coach=other_coach, by=admin)
        make_idea(title="Utan coach")

        rows = selectors.coach_workspace(coach=coach)

        assert [row.idea.pk for row in rows] == [mine.pk]

    def test_shows_open_steps_soonest_due_first_and_leaves_done_ones_out(
        self, in_tenant_a, coach, staff
    ):
        idea = coached_idea(coach)
        later = next_step(idea, staff, days(20))
        overdue = next_step(idea, coach, days(-2))
        next_step(idea, coach, days(-5), done_at=timezone.now())
        soon = next_step(idea, staff, days(7))

        [row] = selectors.coach_workspace(coach=coach)

        assert [r.step.pk for r in row.steps] == [overdue.pk, soon.pk, later.pk]
        assert [(r.is_overdue, r.is_due_soon) for r in row.steps] == [
            (True, False),
            (False, True),
            (False, False),
        ]
        assert (row.overdue_count, row.due_soon_count) == (1, 1)

    def test_a_step_due_today_is_due_soon_not_overdue(self, in_tenant_a, coach):
        idea = coached_idea(coach)
        next_step(idea, coach, days(0))

        [row] = selectors.coach_workspace(coach=coach)

        assert (row.steps[0].is_overdue, row.steps[0].is_due_soon) == (False, True)

    def test_puts_the_most_urgent_idea_first_and_ideas_without_steps_last(self, in_tenant_a, coach):
        quiet = coached_idea(coach, title="Inga steg")
        relaxed = coached_idea(coach, title="Gott om tid")
        urgent = coached_idea(coach, title="Bråttom")
        next_step(relaxed, coach, days(30))
        next_step(urgent, coach, days(-1))

        rows = selectors.coach_workspace(coach=coach)

        assert [row.idea.pk for row in rows] == [urgent.pk, relaxed.pk, quiet.pk]

    def test_takes_two_queries_however_many_ideas_and_steps(self, in_tenant_a, coach, staff):
        for _ in range(6):
            idea = coached_idea(coach)
            for n in range(3):
                next_step(idea, staff, days(n))

        with CaptureQueriesContext(connection) as captured:
            rows = selectors.coach_workspace(coach=coach)
            for row in rows:
                for step_row in row.steps:
                    assert step_row.step.owner.full_name
                assert row.idea.stage.name

        # django-tenants sets the search path before each query; those are not queries of ours.
        selects = [q for q in captured.captured_queries if not q["sql"].startswith("SET ")]
        assert len(selects) == 2
        assert len(rows) == 6


class TestCoachHistoryAndCurrentCoach:
    def test_lists_every_coach_the_idea_had_the_current_one_last(
        self, in_tenant_a, idea, coach, other_coach, admin
    ):
        services.coach_assign(idea=idea, coach=coach, by=admin)
        services.coach_assign(idea=idea, coach=other_coach, by=admin)

        history = selectors.coach_history(idea=idea)

        assert [a.coach_id for a in history] == [coach.pk, other_coach.pk]
        assert history[0].ended_at is not None
        assert history[-1].ended_at is None
        assert selectors.current_coach(idea=idea) == other_coach

    def test_an_idea_without_a_coach_has_none(self, in_tenant_a, idea, coach, admin):
        services.coach_assign(idea=idea, coach=coach, by=admin)
        services.coach_unassign(idea=idea, by=admin)

        assert selectors.current_coach(idea=idea) is None
        assert CoachAssignment.objects.filter(idea=idea).count() == 1


class TestNextStepsDue:
    def test_finds_open_steps_due_on_or_before_the_day(self, in_tenant_a, idea, coach):
        overdue = next_step(idea, coach, days(-3))
        today = next_step(idea, coach, days(0))
        next_step(idea, coach, days(1))
        next_step(idea, coach, days(-1), done_at=timezone.now())

        due = selectors.next_steps_due(on=days(0))

        assert {step.pk for step in due} == {overdue.pk, today.pk}

    def test_leaves_out_steps_already_reminded_about_that_day(self, in_tenant_a, idea, coach):
        next_step(idea, coach, days(-1), reminded_on=days(0))
        yesterdays = next_step(idea, coach, days(-1), reminded_on=days(-1))

        due = selectors.next_steps_due(on=days(0))

        assert [step.pk for step in due] == [yesterdays.pk]


class TestEligiblePeople:
    def test_coaches_and_admins_may_coach_staff_may_own_steps_viewers_neither(
        self, in_tenant_a, tenant_b, admin, coach, staff, member_of
    ):
        viewer = member_of(in_tenant_a, "viewer")
        elsewhere = member_of(tenant_b, "coach")

        coaches = selectors.eligible_coaches()
        owners = selectors.eligible_step_owners()

        assert set(coaches) == {admin, coach}
        assert {admin, coach, staff} <= set(owners)
        assert viewer not in owners
        assert elsewhere not in coaches
        assert elsewhere not in owners
