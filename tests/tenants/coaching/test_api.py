"""Coaching's API: who may read and write, what comes back, errors, isolation, queries."""

import pytest
from django_tenants.utils import tenant_context

from tenants.coaching import services
from tenants.coaching.models import CoachAssignment, CoachNote, NextStep
from tests.factories import api_token_for, make_idea
from tests.tenants import rows
from tests.tenants.coaching.make import coached_idea, days, next_step
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_person(tenant_a, client_for):  # type: ignore[no-untyped-def]
    return lambda person: client_for(tenant_a, person=person)


class TestMyIdeas:
    def test_lists_the_callers_ideas_with_open_steps_and_their_flags(
        self, tenant_a, as_person, coach, staff
    ):
        with tenant_context(tenant_a):
            idea = coached_idea(coach, title="Lådcyklar")
            overdue = next_step(idea, staff, days(-1))
            next_step(idea, staff, days(30))

        response = as_person(coach).get("/api/v1/coaching/mine/")

        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["idea"]["id"] == idea.pk
        assert row["idea"]["title"] == "Lådcyklar"
        assert row["overdue_count"] == 1
        assert row["next_steps"][0]["id"] == overdue.pk
        assert row["next_steps"][0]["is_overdue"] is True
        assert row["next_steps"][0]["owner"] == {"id": staff.pk, "name": "Stina Staff"}
        assert row["next_steps"][1]["is_due_soon"] is False

    def test_is_403_for_staff_with_the_one_error_shape(self, as_person, staff):
        response = as_person(staff).get("/api/v1/coaching/mine/")

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"

    def test_ten_ideas_cost_no_more_queries_than_one(
        self, tenant_a, as_person, coach, staff, django_assert_max_num_queries
    ):
        client = as_person(coach)
        with tenant_context(tenant_a):
            next_step(coached_idea(coach), staff, days(1))
        one = rows.queries_of(lambda: client.get("/api/v1/coaching/mine/"))
        with tenant_context(tenant_a):
            for n in range(9):
                next_step(coached_idea(coach), staff, days(n))

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/coaching/mine/")

        assert response.json()["count"] == 10


class TestAnIdeasCoach:
    def test_an_admin_assigns_changes_and_removes_the_coach(
        self, tenant_a, as_person, idea, admin, coach, other_coach
    ):
        client = as_person(admin)
        url = f"/api/v1/ideas/{idea.pk}/coach/"

        assigned = client.post(url, {"coach": coach.pk}, content_type="application/json")
        changed = client.post(url, {"coach": other_coach.pk}, content_type="application/json")
        removed = client.post(url, {"coach": None}, content_type="application/json")

        assert assigned.json()["current"]["coach"] == {"id": coach.pk, "name": "Cecilia Coach"}
        assert changed.json()["current"]["coach"]["id"] == other_coach.pk
        assert [a["coach"]["id"] for a in changed.json()["history"]] == [coach.pk, other_coach.pk]
        assert removed.json()["current"] is None
        with tenant_context(tenant_a):
            assert CoachAssignment.objects.filter(idea=idea).count() == 2

    @pytest.mark.parametrize("role", ["staff", "council_member"])
    def test_only_coaches_and_admins_may_be_assigned(
        self, tenant_a, as_person, idea, admin, member_of, role
    ):
        person = member_of(tenant_a, role)

        response = as_person(admin).post(
            f"/api/v1/ideas/{idea.pk}/coach/", {"coach": person.pk}, content_type="application/json"
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "coach": ["Välj en idécoach eller administratör i organisationen."]
        }

    def test_an_unknown_person_is_refused_like_any_other_non_coach(self, as_person, idea, admin):
        response = as_person(admin).post(
            f"/api/v1/ideas/{idea.pk}/coach/",
            {"coach": 99_999_999},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "coach" in response.json()["error"]["fields"]

    def test_staff_may_neither_read_nor_assign(self, as_person, idea, staff):
        client = as_person(staff)
        url = f"/api/v1/ideas/{idea.pk}/coach/"

        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"coach": staff.pk}, content_type="application/json").status_code
            == 403
        )

    def test_an_unknown_idea_is_404(self, as_person, coach):
        assert as_person(coach).get("/api/v1/ideas/99999999/coach/").status_code == 404


class TestCoachNotes:
    def test_a_coach_writes_and_reads_notes_newest_first(self, tenant_a, as_person, idea, coach):
        client = as_person(coach)
        url = f"/api/v1/ideas/{idea.pk}/coach-notes/"

        created = client.post(url, {"body": "Första"}, content_type="application/json")
        client.post(url, {"body": "Andra"}, content_type="application/json")
        listed = client.get(url).json()

        assert created.status_code == 201
        assert created.json()["author"] == {"id": coach.pk, "name": "Cecilia Coach"}
        assert [n["body"] for n in listed["results"]] == ["Andra", "Första"]

    def test_a_blank_note_is_400_with_the_field(self, as_person, idea, coach):
        response = as_person(coach).post(
            f"/api/v1/ideas/{idea.pk}/coach-notes/", {"body": " "}, content_type="application/json"
        )

        assert response.status_code == 400
        assert "body" in response.json()["error"]["fields"]

    @pytest.mark.parametrize("role", ["staff", "viewer", "council_member"])
    def test_members_who_do_not_coach_cannot_read_the_notes(
        self, tenant_a, as_person, idea, coach, member_of, role
    ):
        with tenant_context(tenant_a):
            services.coach_note_add(idea=idea, author=coach, body=CANARY_A)

        response = as_person(member_of(tenant_a, role)).get(f"/api/v1/ideas/{idea.pk}/coach-notes/")

        assert response.status_code == 403
        assert CANARY_A not in response.content.decode()

    def test_staff_cannot_write_a_note(self, tenant_a, as_person, idea, staff):
        response = as_person(staff).post(
            f"/api/v1/ideas/{idea.pk}/coach-notes/",
            {"body": "Hej"},
            content_type="application/json",
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not CoachNote.objects.exists()


class TestNextSteps:
    def test_a_coach_agrees_a_step_and_lists_open_ones_first(
        self, tenant_a, as_person, idea, coach, staff
    ):
        with tenant_context(tenant_a):
            done = next_step(idea, coach, days(-5))
            services.next_step_complete(step=done, by=coach)
        client = as_person(coach)
        url = f"/api/v1/ideas/{idea.pk}/next-steps/"

        created = client.post(
            url,
            {"description": "Boka möte", "owner": staff.pk, "due_on": days(2).isoformat()},
            content_type="application/json",
        )
        listed = client.get(url).json()["results"]
        open_only = client.get(url + "?status=open").json()["results"]

        assert created.status_code == 201
        assert created.json()["is_due_soon"] is True
        assert [s["id"] for s in listed] == [created.json()["id"], done.pk]
        assert [s["id"] for s in open_only] == [created.json()["id"]]

    def test_a_due_date_in_the_past_is_400_next_to_the_field(
        self, tenant_a, as_person, idea, coach
    ):
        response = as_person(coach).post(
            f"/api/v1/ideas/{idea.pk}/next-steps/",
            {"description": "Sent", "owner": coach.pk, "due_on": days(-1).isoformat()},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "due_on": ["Datumet har redan passerat. Välj i dag eller ett senare datum."]
        }
        with tenant_context(tenant_a):
            assert not NextStep.objects.exists()

    def test_an_owner_from_another_organisation_is_refused(
        self, tenant_b, as_person, idea, coach, member_of
    ):
        response = as_person(coach).post(
            f"/api/v1/ideas/{idea.pk}/next-steps/",
            {
                "description": "Fel person",
                "owner": member_of(tenant_b, "staff").pk,
                "due_on": days(1).isoformat(),
            },
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "owner" in response.json()["error"]["fields"]

    def test_a_step_is_completed_and_reopened(self, tenant_a, as_person, idea, coach):
        with tenant_context(tenant_a):
            step = next_step(idea, coach, days(1))
        client = as_person(coach)

        completed = client.post(f"/api/v1/next-steps/{step.pk}/complete/")
        reopened = client.post(f"/api/v1/next-steps/{step.pk}/reopen/")

        assert completed.status_code == 200
        assert completed.json()["done_at"] is not None
        assert reopened.json()["done_at"] is None

    def test_staff_cannot_complete_a_step(self, tenant_a, as_person, idea, staff, coach):
        with tenant_context(tenant_a):
            step = next_step(idea, staff, days(1))

        response = as_person(staff).post(f"/api/v1/next-steps/{step.pk}/complete/")

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert NextStep.objects.get(pk=step.pk).done_at is None


class TestIsolation:
    def test_another_organisations_coach_cannot_read_notes_with_a_token(
        self, tenant_a, tenant_b, idea, coach, member_of, client_for
    ):
        with tenant_context(tenant_a):
            services.coach_note_add(idea=idea, author=coach, body=CANARY_A)
        with tenant_context(tenant_b):
            idea_b = make_idea()
            services.coach_note_add(idea=idea_b, author=coach, body=CANARY_B)
        token = api_token_for(member_of(tenant_b, "coach"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        on_a = client_for(tenant_a).get(f"/api/v1/ideas/{idea.pk}/coach-notes/", **auth)
        on_b = client_for(tenant_b).get(f"/api/v1/ideas/{idea_b.pk}/coach-notes/", **auth)
        same_id_on_b = client_for(tenant_b).get(f"/api/v1/ideas/{idea.pk}/coach-notes/", **auth)

        assert on_a.status_code == 403
        assert CANARY_A not in on_a.content.decode()
        assert [n["body"] for n in on_b.json()["results"]] == [CANARY_B]
        assert CANARY_A not in same_id_on_b.content.decode()

    def test_a_step_of_another_organisation_cannot_be_completed(
        self, tenant_a, tenant_b, idea, coach, member_of, client_for
    ):
        with tenant_context(tenant_a):
            step = next_step(idea, coach, days(1))
        token = api_token_for(member_of(tenant_b, "admin"))

        response = client_for(tenant_a).post(
            f"/api/v1/next-steps/{step.pk}/complete/", HTTP_AUTHORIZATION=f"Token {token.key}"
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert NextStep.objects.get(pk=step.pk).done_at is None
