"""The activity pages: the year's list and summary, registering, participants."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.activities.models import Activity, Participant
from tests.tenants import rows
from tests.tenants.activities.make import activity, participants

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
DAY = datetime.date(THIS_YEAR, 1, 15)


@pytest.fixture
def page(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def training_a(tenant_a):
    with tenant_context(tenant_a):
        made = activity(DAY, title="Innovativ chef, omgång 1")
        participants(made, "manager", 3)
        participants(made, "manager", 1, attended=False)
        return made


class TestTheList:
    def test_an_anonymous_visitor_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/aktiviteter/")

        assert response.status_code == 302

    def test_says_how_many_managers_were_trained_this_year(self, page, training_a):
        body = page("viewer").get("/aktiviteter/").content.decode()

        assert "3 chefer har gått utbildning i år." in body
        assert f'href="/aktiviteter/{training_a.pk}/"' in body

    def test_shows_another_year(self, tenant_a, page, training_a):
        with tenant_context(tenant_a):
            participants(activity(datetime.date(THIS_YEAR - 1, 6, 1)), "manager", 1)

        response = page("viewer").get(f"/aktiviteter/?year={THIS_YEAR - 1}")

        assert f"1 chef gick utbildning {THIS_YEAR - 1}." in response.content.decode()
        assert [a.held_on.year for a in response.context["activities"]] == [THIS_YEAR - 1]

    def test_shows_the_summary_by_role_and_hides_small_gender_groups(self, page, training_a):
        response = page("viewer").get("/aktiviteter/")

        assert response.context["summary"]["participants"] == 3
        assert response.context["genders"] == {
            "women": None,
            "men": None,
            "other_or_not_stated": None,
        }
        assert ("Chef", 3) in response.context["roles"]

    def test_marks_its_menu_link_as_the_current_page(self, page):
        body = page("staff").get("/aktiviteter/").content.decode()

        assert '<a href="/aktiviteter/" aria-current="page">Aktiviteter</a>' in body

    def test_the_list_costs_no_more_queries_for_more_activities(
        self, tenant_a, page, django_assert_max_num_queries
    ):
        client = page("viewer")

        def held():
            with tenant_context(tenant_a):
                participants(activity(DAY), "manager", 2)

        held()
        one = rows.queries_of(lambda: client.get("/aktiviteter/"))
        for _ in range(9):
            held()

        with django_assert_max_num_queries(one):
            response = client.get("/aktiviteter/")

        assert len(response.context["activities"]) == 10


class TestRegistering:
    def test_a_coach_registers_an_activity(self, tenant_a, page):
        response = page("coach").post(
            "/aktiviteter/ny/",
            {"kind": "workshop", "title": "Idéworkshop", "held_on": str(DAY), "head_count": "25"},
        )

        with tenant_context(tenant_a):
            made = Activity.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/aktiviteter/{made.pk}/"
        assert made.head_count == 25

    def test_shows_too_many_women_and_men_next_to_the_head_count_and_keeps_what_was_typed(
        self, tenant_a, page
    ):
        response = page("coach").post(
            "/aktiviteter/ny/",
            {
                "kind": "workshop",
                "title": "Idéworkshop i Sundsvall",
                "held_on": str(DAY),
                "head_count": "10",
                "head_count_women": "8",
                "head_count_men": "5",
            },
        )

        assert response.status_code == 400
        assert (
            response.context["form"]
            .errors["head_count"][0]
            .startswith("Kvinnor och män är tillsammans 13")
        )
        body = response.content.decode()
        assert 'id="id_head_count_error"' in body
        assert 'value="Idéworkshop i Sundsvall"' in body
        with tenant_context(tenant_a):
            assert not Activity.objects.exists()

    def test_staff_may_not_register_activities(self, page):
        assert page("staff").get("/aktiviteter/ny/").status_code == 403


class TestChanging:
    def test_a_coach_changes_the_head_count(self, tenant_a, page, training_a):
        client = page("coach")
        form = client.get(f"/aktiviteter/{training_a.pk}/andra/")

        response = client.post(
            f"/aktiviteter/{training_a.pk}/andra/",
            {
                "kind": "training",
                "title": "Innovativ chef, omgång 1",
                "held_on": str(DAY),
                "head_count": "12",
                "head_count_women": "7",
            },
        )

        assert 'value="Innovativ chef, omgång 1"' in form.content.decode()
        assert response.status_code == 302
        with tenant_context(tenant_a):
            training_a.refresh_from_db()
        assert (training_a.head_count, training_a.head_count_women) == (12, 7)


class TestParticipants:
    def test_every_member_sees_the_participants(self, page, training_a):
        body = page("viewer").get(f"/aktiviteter/{training_a.pk}/").content.decode()

        assert "manager 0" in body
        assert 'name="action" value="add"' not in body

    def test_a_coach_registers_a_participant(self, tenant_a, page, training_a):
        response = page("coach").post(
            f"/aktiviteter/{training_a.pk}/",
            {
                "action": "add",
                "participant-name": "Maria Chef",
                "participant-role": "manager",
                "participant-gender": "woman",
                "participant-attended": "on",
            },
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            added = Participant.objects.get(name="Maria Chef")
        assert (added.role, added.gender, added.attended) == ("manager", "woman", True)

    def test_a_missing_name_is_shown_next_to_it_and_the_rest_is_kept(self, page, training_a):
        response = page("coach").post(
            f"/aktiviteter/{training_a.pk}/",
            {"action": "add", "participant-name": "", "participant-role": "staff"},
        )

        assert response.status_code == 400
        assert "name" in response.context["participant_form"].errors
        assert '<option value="staff" selected>' in response.content.decode()

    def test_a_coach_marks_a_participant_absent(self, tenant_a, page, training_a):
        with tenant_context(tenant_a):
            came = training_a.participants.filter(attended=True).first()

        response = page("coach").post(
            f"/aktiviteter/{training_a.pk}/",
            {"action": "attendance", "participant": came.pk, "attended": "0"},
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            came.refresh_from_db()
        assert came.attended is False

    def test_removing_asks_first_then_removes(self, tenant_a, page, training_a):
        with tenant_context(tenant_a):
            leaving = training_a.participants.first()
        client = page("coach")
        path = f"/aktiviteter/{training_a.pk}/deltagare/{leaving.pk}/ta-bort/"

        question = client.get(path)
        with tenant_context(tenant_a):
            still_there = Participant.objects.filter(pk=leaving.pk).exists()
        answer = client.post(path)

        assert "Vill du ta bort" in question.content.decode()
        assert still_there
        assert answer.status_code == 302
        with tenant_context(tenant_a):
            assert not Participant.objects.filter(pk=leaving.pk).exists()

    def test_staff_may_not_change_participants(self, tenant_a, page, training_a):
        with tenant_context(tenant_a):
            leaving = training_a.participants.first()

        path = f"/aktiviteter/{training_a.pk}/deltagare/{leaving.pk}/ta-bort/"

        assert page("staff").post(path).status_code == 403
        assert (
            page("staff")
            .post(
                f"/aktiviteter/{training_a.pk}/",
                {"action": "attendance", "participant": leaving.pk},
            )
            .status_code
            == 403
        )

    def test_a_member_of_another_organisation_gets_403(
        self, tenant_a, tenant_b, training_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        response = client.get(f"/aktiviteter/{training_a.pk}/")

        assert response.status_code == 403
        assert "Innovativ chef, omgång 1" not in response.content.decode()
