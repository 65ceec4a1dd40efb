"""The worklist home: what each member should do today, by what their role may do."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.coaching import services as coaching_services
from tenants.coaching.models import CoachAssignment, NextStep
from tenants.ideas.models import Idea
from tenants.trials.models import Trial
from tests.tenants import rows
from tests.tenants.council import make as council_make

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


class TestHomeForACoach:
    def test_shows_my_overdue_step_and_my_idea_that_has_waited_too_long(
        self, tenant_a, member_of, client_for
    ):
        coach = member_of(tenant_a, "coach")
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            idea = rows.idea(title="Kameratillsyn på natten")
            coaching_services.coach_assign(idea=idea, coach=coach, by=admin)
            step = coaching_services.next_step_add(
                idea=idea,
                description="Boka möte med verksamhetschefen",
                owner=coach,
                due_on=_today(),
                by=admin,
            )
            # Agreed a while ago and not done since.
            NextStep.objects.filter(pk=step.pk).update(due_on=_today() - datetime.timedelta(2))
            Idea.objects.filter(pk=idea.pk).update(
                stage_changed_at=timezone.now() - datetime.timedelta(days=45)
            )

        page = client_for(tenant_a, person=coach).get("/").content.decode()

        assert "Boka möte med verksamhetschefen" in page
        assert "försenat" in page
        assert 'id="waiting"' in page
        assert "Kameratillsyn på natten" in page


class TestHomeForStaff:
    def test_shows_my_steps_but_not_the_inbox_or_the_council(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")
        with tenant_context(tenant_a):
            rows.idea(title="Ny idé i inkorgen")

        page = client_for(tenant_a, person=staff).get("/").content.decode()

        assert 'id="my-steps"' in page
        assert 'id="inbox-summary"' not in page
        assert 'id="next-meeting"' not in page
        assert 'id="waiting"' not in page
        assert "Ny idé i inkorgen" not in page

    def test_does_not_show_someone_elses_steps(self, tenant_a, member_of, client_for):
        coach, other = member_of(tenant_a, "coach"), member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            idea = rows.idea()
            coaching_services.next_step_add(
                idea=idea,
                description="Någon annans steg",
                owner=other,
                due_on=_today(),
                by=other,
            )

        page = client_for(tenant_a, person=coach).get("/").content.decode()

        assert "Någon annans steg" not in page


class TestHomeForAnAdmin:
    def test_shows_the_inbox_the_next_meeting_decisions_without_a_plan_and_the_years_figures(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            rows.idea(title="Ny idé i inkorgen")
            item = council_make.item(
                admin, at=council_make.meeting(admin, held_on=_today() - datetime.timedelta(1))
            )
            council_make.decide(admin, item, decided_on=_today())
            upcoming = council_make.meeting(
                admin, held_on=_today() + datetime.timedelta(days=9), title="Idérådet nästa"
            )
            council_make.item(admin, at=upcoming)

        page = client_for(tenant_a, person=admin).get("/").content.decode()

        assert "Ny idé i inkorgen" in page
        assert "Idérådet nästa" in page
        assert 'id="decisions-waiting"' in page
        assert 'id="key-figures"' in page

    def test_lists_a_running_test_that_ends_soon(self, tenant_a, member_of, client_for):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            Trial.objects.create(
                idea=rows.idea(),
                title="Test i tre enheter",
                goal="Mål",
                hypothesis="Hypotes",
                starts_on=_today() - datetime.timedelta(days=60),
                ends_on=_today() + datetime.timedelta(days=5),
                status="running",
            )

        page = client_for(tenant_a, person=admin).get("/").content.decode()

        assert 'id="trials-ending"' in page
        assert "Test i tre enheter" in page

    def test_takes_a_fixed_number_of_queries_however_much_there_is(
        self, tenant_a, member_of, client_for, django_assert_max_num_queries
    ):
        admin = member_of(tenant_a, "admin")
        client = client_for(tenant_a, person=admin)
        with tenant_context(tenant_a):
            for n in range(12):
                idea = rows.idea(title=f"Idé {n}")
                CoachAssignment.objects.create(idea=idea, coach=admin, assigned_by=admin)
                coaching_services.next_step_add(
                    idea=idea, description=f"Steg {n}", owner=admin, due_on=_today(), by=admin
                )
        client.get("/")

        with django_assert_max_num_queries(22):
            response = client.get("/")

        assert response.status_code == 200
