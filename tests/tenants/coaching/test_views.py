"""Coaching pages: the coach's "Mina idéer", and an idea's coach, next steps and notes."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.coaching import services
from tenants.coaching.models import CoachAssignment, CoachNote, NextStep
from tests.factories import make_idea
from tests.tenants import rows
from tests.tenants.coaching.make import coached_idea, days, next_step
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

WORKSPACE = "/coachning/"


def coaching_url(idea) -> str:  # type: ignore[no-untyped-def]
    return f"/id%C3%A9er/{idea.pk}/coachning/"


@pytest.fixture
def as_person(tenant_a, client_for):  # type: ignore[no-untyped-def]
    """A client on Alfa's host logged in as ``person``."""
    return lambda person: client_for(tenant_a, person=person)


class TestTheMenu:
    def test_coaches_find_coaching_in_the_menu_marked_as_the_current_page(self, as_person, coach):
        body = as_person(coach).get(WORKSPACE).content.decode()

        assert f'<a href="{WORKSPACE}" aria-current="page">Coachning</a>' in body

    def test_staff_see_no_coaching_in_the_menu(self, as_person, staff):
        body = as_person(staff).get("/").content.decode()

        assert "Coachning" not in body


class TestTheWorkspace:
    def test_shows_the_coachs_ideas_with_steps_and_highlights_what_is_overdue(
        self, tenant_a, as_person, coach, other_coach, staff
    ):
        with tenant_context(tenant_a):
            idea = coached_idea(coach, title="Lådcyklar till hemtjänsten")
            next_step(idea, staff, days(-1), description="Ring enhetschefen")
            next_step(idea, staff, days(3), description="Skicka offerten")
            coached_idea(other_coach, title="Bertils idé")

        response = as_person(coach).get(WORKSPACE)

        body = response.content.decode()
        assert response.status_code == 200
        assert "Mina idéer" in body
        assert f'href="{coaching_url(idea)}"' in body
        assert "Bertils idé" not in body
        assert '<tr class="overdue">' in body
        assert "Försenat" in body
        assert "1 försenat steg" in body
        assert "1 steg ska vara klart inom en vecka" in body
        assert body.index("Ring enhetschefen") < body.index("Skicka offerten")

    def test_says_so_when_the_coach_has_no_ideas(self, as_person, coach):
        body = as_person(coach).get(WORKSPACE).content.decode()

        assert "Du är inte idécoach för någon idé just nu." in body

    @pytest.mark.parametrize("role", ["staff", "viewer", "council_member"])
    def test_is_403_for_members_who_do_not_coach(self, tenant_a, as_person, member_of, role):
        assert as_person(member_of(tenant_a, role)).get(WORKSPACE).status_code == 403

    def test_a_visitor_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get(WORKSPACE)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_ten_ideas_cost_no_more_queries_than_one(
        self, tenant_a, as_person, coach, staff, django_assert_max_num_queries
    ):
        client = as_person(coach)
        with tenant_context(tenant_a):
            next_step(coached_idea(coach), staff, days(1))
        one = rows.queries_of(lambda: client.get(WORKSPACE))
        with tenant_context(tenant_a):
            for n in range(9):
                next_step(coached_idea(coach), staff, days(n - 3))

        with django_assert_max_num_queries(one):
            response = client.get(WORKSPACE)
        with django_assert_max_num_queries(14):
            client.get(WORKSPACE)

        assert len(response.context["rows"]) == 10


class TestTheIdeasCoachingPage:
    def test_shows_the_coach_the_next_steps_and_the_notes(
        self, tenant_a, as_person, idea, coach, admin, staff
    ):
        with tenant_context(tenant_a):
            services.coach_assign(idea=idea, coach=coach, by=admin)
            services.coach_note_add(idea=idea, author=coach, body="Idégivaren vill testa i vår.")
            next_step(idea, staff, days(-2), description="Boka möte")

        body = as_person(coach).get(coaching_url(idea)).content.decode()

        assert "<strong>Cecilia Coach</strong> är idécoach sedan" in body
        assert "Idégivaren vill testa i vår." in body
        assert "Boka möte" in body
        assert '<tr class="overdue">' in body
        assert 'name="action" value="complete"' in body

    @pytest.mark.parametrize("role", ["staff", "viewer", "council_member"])
    def test_members_who_do_not_coach_cannot_see_the_notes(
        self, tenant_a, as_person, idea, coach, member_of, role
    ):
        with tenant_context(tenant_a):
            services.coach_note_add(idea=idea, author=coach, body=CANARY_A)

        response = as_person(member_of(tenant_a, role)).get(coaching_url(idea))

        assert response.status_code == 403
        assert CANARY_A not in response.content.decode()

    def test_staff_cannot_write_a_note_either(self, tenant_a, as_person, idea, staff):
        response = as_person(staff).post(
            coaching_url(idea), {"action": "note", "note-body": "Smygskrivet"}
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not CoachNote.objects.exists()

    def test_an_unknown_idea_is_404(self, as_person, coach):
        assert as_person(coach).get("/id%C3%A9er/999999/coachning/").status_code == 404

    def test_the_coach_select_offers_coaches_and_admins_only(
        self, as_person, idea, admin, coach, staff
    ):
        response = as_person(admin).get(coaching_url(idea))

        choices = dict(response.context["assign_form"].fields["coach"].choices)
        assert admin.pk in choices
        assert coach.pk in choices
        assert staff.pk not in choices

    def test_many_notes_steps_and_coaches_cost_no_more_queries_than_one_of_each(
        self, tenant_a, as_person, idea, admin, coach, member_of, django_assert_max_num_queries
    ):
        client = as_person(admin)
        with tenant_context(tenant_a):
            services.coach_assign(idea=idea, coach=coach, by=admin)
            services.coach_note_add(idea=idea, author=coach, body="Första")
            next_step(idea, coach, days(1))
        one = rows.queries_of(lambda: client.get(coaching_url(idea)))
        people = [member_of(tenant_a, "coach") for _ in range(8)]
        with tenant_context(tenant_a):
            for person in people:
                services.coach_assign(idea=idea, coach=person, by=admin)
                services.coach_note_add(idea=idea, author=person, body="Anteckning")
                next_step(idea, person, days(2))

        with django_assert_max_num_queries(one):
            response = client.get(coaching_url(idea))

        assert len(response.context["history"]) == 9
        assert len(response.context["steps"]) == 9


class TestAssigningACoachOnThePage:
    def test_an_admin_assigns_and_then_changes_the_coach_keeping_the_history(
        self, tenant_a, as_person, idea, admin, coach, other_coach
    ):
        client = as_person(admin)

        first = client.post(coaching_url(idea), {"action": "assign", "assign-coach": coach.pk})
        client.post(coaching_url(idea), {"action": "assign", "assign-coach": other_coach.pk})

        assert first.status_code == 302
        assert first["Location"] == coaching_url(idea) + "#coach"
        with tenant_context(tenant_a):
            history = list(CoachAssignment.objects.filter(idea=idea).order_by("pk"))
        assert [a.coach_id for a in history] == [coach.pk, other_coach.pk]
        body = client.get(coaching_url(idea)).content.decode()
        assert "Idéns idécoacher över tid" in body

    def test_a_person_who_is_not_offered_is_refused_next_to_the_field(
        self, tenant_a, as_person, idea, admin, staff
    ):
        response = as_person(admin).post(
            coaching_url(idea), {"action": "assign", "assign-coach": staff.pk}
        )

        assert response.status_code == 400
        assert 'id="id_assign-coach_error"' in response.content.decode()
        with tenant_context(tenant_a):
            assert not CoachAssignment.objects.exists()

    def test_the_coach_can_be_removed(self, tenant_a, as_person, idea, admin, coach):
        with tenant_context(tenant_a):
            services.coach_assign(idea=idea, coach=coach, by=admin)

        as_person(admin).post(coaching_url(idea), {"action": "unassign"})

        with tenant_context(tenant_a):
            assert not CoachAssignment.objects.filter(ended_at__isnull=True).exists()


class TestNotesAndStepsOnThePage:
    def test_a_coach_writes_a_note(self, tenant_a, as_person, idea, coach):
        response = as_person(coach).post(
            coaching_url(idea), {"action": "note", "note-body": "Bra samtal i dag."}
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            assert CoachNote.objects.get().body == "Bra samtal i dag."

    def test_a_blank_note_is_refused_next_to_the_field(self, as_person, idea, coach):
        response = as_person(coach).post(coaching_url(idea), {"action": "note", "note-body": "  "})

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_note-body_error"' in body
        assert 'aria-invalid="true"' in body

    def test_a_coach_agrees_a_next_step(self, tenant_a, as_person, idea, coach, staff):
        response = as_person(coach).post(
            coaching_url(idea),
            {
                "action": "step",
                "step-description": "Skicka offerten",
                "step-owner": staff.pk,
                "step-due_on": days(5).isoformat(),
            },
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            step = NextStep.objects.get()
        assert (step.description, step.owner_id, step.due_on) == (
            "Skicka offerten",
            staff.pk,
            days(5),
        )

    def test_a_due_date_in_the_past_is_refused_next_to_the_field_keeping_what_was_typed(
        self, tenant_a, as_person, idea, coach, staff
    ):
        response = as_person(coach).post(
            coaching_url(idea),
            {
                "action": "step",
                "step-description": "Det jag skrev",
                "step-owner": staff.pk,
                "step-due_on": days(-1).isoformat(),
            },
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_step-due_on_error"' in body
        assert "Datumet har redan passerat. Välj i dag eller ett senare datum." in body
        assert 'value="Det jag skrev"' in body
        assert f'value="{days(-1).isoformat()}"' in body
        with tenant_context(tenant_a):
            assert not NextStep.objects.exists()

    def test_a_step_is_completed_and_reopened(self, tenant_a, as_person, idea, coach):
        with tenant_context(tenant_a):
            step = next_step(idea, coach, days(1))
        client = as_person(coach)

        client.post(coaching_url(idea), {"action": "complete", "step": step.pk})
        with tenant_context(tenant_a):
            assert NextStep.objects.get(pk=step.pk).done_at is not None
        client.post(coaching_url(idea), {"action": "reopen", "step": step.pk})
        with tenant_context(tenant_a):
            assert NextStep.objects.get(pk=step.pk).done_at is None

    def test_a_step_of_another_idea_is_404(self, tenant_a, as_person, idea, coach):
        with tenant_context(tenant_a):
            other = next_step(make_idea(), coach, days(1))

        response = as_person(coach).post(
            coaching_url(idea), {"action": "complete", "step": other.pk}
        )

        assert response.status_code == 404
        with tenant_context(tenant_a):
            assert NextStep.objects.get(pk=other.pk).done_at is None

    def test_done_steps_are_shown_as_done_with_a_button_to_reopen(
        self, tenant_a, as_person, idea, coach
    ):
        with tenant_context(tenant_a):
            next_step(idea, coach, days(-3), done_at=timezone.now(), description="Klart steg")

        body = as_person(coach).get(coaching_url(idea)).content.decode()

        assert "Klart steg" in body
        assert 'name="action" value="reopen"' in body
        assert '<tr class="overdue">' not in body


class TestIsolation:
    def test_another_organisations_coach_cannot_see_a_note_with_a_session(
        self, tenant_a, tenant_b, idea, coach, member_of, client_for
    ):
        with tenant_context(tenant_a):
            services.coach_note_add(idea=idea, author=coach, body=CANARY_A)
        with tenant_context(tenant_b):
            idea_b = make_idea()
            services.coach_note_add(idea=idea_b, author=coach, body=CANARY_B)
        coach_b = member_of(tenant_b, "coach")

        on_a = client_for(tenant_a, person=coach_b).get(coaching_url(idea))
        on_b = client_for(tenant_b, person=coach_b).get(coaching_url(idea_b))

        assert on_a.status_code == 403
        assert CANARY_A not in on_a.content.decode()
        assert CANARY_B in on_b.content.decode()
        assert CANARY_A not in on_b.content.decode()
