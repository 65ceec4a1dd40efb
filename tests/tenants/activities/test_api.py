"""The activities API: roles, activities, participants, the summary, isolation, queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.activities.models import Activity, Participant
from tenants.audit.models import AuditEvent
from tests.factories import api_token_for
from tests.tenants import rows
from tests.tenants.activities.make import activity, participants
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

JSON = "application/json"
ROLES = ["viewer", "staff", "council_member", "coach", "admin"]
THIS_YEAR = timezone.localdate().year
DAY = datetime.date(THIS_YEAR, 1, 15)


@pytest.fixture
def api(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def training_a(tenant_a):
    with tenant_context(tenant_a):
        made = activity(DAY, title=f"Innovativ chef {CANARY_A}")
        participants(made, "manager", 2)
        return made


class TestReadingActivities:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_member_may_read_the_activities(self, api, training_a, role):
        response = api(role).get("/api/v1/activities/")

        assert response.status_code == 200
        [result] = response.json()["results"]
        assert (result["id"], result["participant_count"], result["attended_count"]) == (
            training_a.pk,
            2,
            2,
        )

    def test_filters_by_year_and_kind(self, api, tenant_a, training_a):
        with tenant_context(tenant_a):
            activity(datetime.date(THIS_YEAR - 1, 5, 5), kind="workshop", title="I fjol")
        client = api("viewer")

        last_year = client.get(f"/api/v1/activities/?year={THIS_YEAR - 1}").json()["results"]
        trainings = client.get("/api/v1/activities/?kind=training").json()["results"]

        assert [a["title"] for a in last_year] == ["I fjol"]
        assert [a["id"] for a in trainings] == [training_a.pk]

    def test_gives_an_activity_with_its_participants_but_not_their_gender(
        self, api, tenant_a, training_a
    ):
        with tenant_context(tenant_a):
            participants(training_a, "staff", 1, gender="woman")

        body = api("viewer").get(f"/api/v1/activities/{training_a.pk}/").json()

        assert len(body["participants"]) == 3
        assert all("gender" not in p for p in body["participants"])

    def test_a_page_of_activities_costs_no_more_queries_than_one(
        self, api, tenant_a, django_assert_max_num_queries
    ):
        client = api("viewer")

        def held():
            with tenant_context(tenant_a):
                participants(activity(DAY), "manager", 3)

        held()
        one = rows.queries_of(lambda: client.get("/api/v1/activities/"))
        for _ in range(9):
            held()

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/activities/")

        assert len(response.json()["results"]) == 10


class TestTheSummary:
    def test_gives_the_years_participation_and_managers_trained(self, api, tenant_a, training_a):
        with tenant_context(tenant_a):
            participants(training_a, "manager", 1, attended=False)
            activity(DAY, kind="workshop", head_count=40, head_count_women=22, head_count_men=18)

        body = api("viewer").get(f"/api/v1/activities/summary/?year={THIS_YEAR}").json()

        assert (body["participants"], body["registered"], body["head_counted"]) == (42, 2, 40)
        assert body["managers_trained"] == 2
        assert body["by_role"]["manager"] == 2
        assert body["by_role"]["not_stated"] == 40
        # The two managers gave no gender: too few to show, and men would give them away.
        assert body["by_gender"] == {"women": 22, "men": None, "other_or_not_stated": None}

    def test_is_this_years_when_no_year_is_given(self, api, training_a):
        body = api("viewer").get("/api/v1/activities/summary/").json()

        assert (body["year"], body["managers_trained"]) == (THIS_YEAR, 2)

    def test_filters_by_role(self, api, tenant_a, training_a):
        with tenant_context(tenant_a):
            participants(training_a, "staff", 5)

        body = api("viewer").get("/api/v1/activities/summary/?role=staff").json()

        assert (body["role"], body["participants"]) == ("staff", 5)

    def test_refuses_an_unknown_role(self, api):
        response = api("viewer").get("/api/v1/activities/summary/?role=boss")

        assert response.status_code == 400
        assert "role" in response.json()["error"]["fields"]


class TestRegistering:
    @pytest.mark.parametrize("role", ["coach", "admin"])
    def test_those_who_work_the_pipeline_register_activities(self, api, tenant_a, role):
        response = api(role).post(
            "/api/v1/activities/",
            {"kind": "training", "title": "Innovativ chef", "held_on": str(DAY)},
            content_type=JSON,
        )

        assert response.status_code == 201, response.json()
        with tenant_context(tenant_a):
            assert AuditEvent.objects.filter(
                action="activity.created", object_id=str(response.json()["id"])
            ).exists()

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not(self, api, tenant_a, role):
        response = api(role).post(
            "/api/v1/activities/",
            {"kind": "training", "title": "Innovativ chef", "held_on": str(DAY)},
            content_type=JSON,
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not Activity.objects.exists()

    def test_refuses_more_women_and_men_than_participants(self, api):
        response = api("coach").post(
            "/api/v1/activities/",
            {
                "kind": "workshop",
                "title": "Idéworkshop",
                "held_on": str(DAY),
                "head_count": 10,
                "head_count_women": 8,
                "head_count_men": 5,
            },
            content_type=JSON,
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"]["head_count"][0].startswith(
            "Kvinnor och män är tillsammans 13"
        )

    def test_changes_an_activity(self, api, training_a):
        response = api("admin").patch(
            f"/api/v1/activities/{training_a.pk}/", {"head_count": 30}, content_type=JSON
        )

        assert response.status_code == 200
        assert response.json()["participants_total"] == 30

    def test_staff_may_not_change_an_activity(self, api, training_a):
        response = api("staff").patch(
            f"/api/v1/activities/{training_a.pk}/", {"title": "x"}, content_type=JSON
        )

        assert response.status_code == 403


class TestParticipants:
    def test_a_coach_registers_a_participant_with_a_member_of_the_organisation(
        self, api, tenant_a, training_a, member_of
    ):
        manager = member_of(tenant_a, "staff", person__full_name="Maria Chef")

        response = api("coach").post(
            f"/api/v1/activities/{training_a.pk}/participants/",
            {"role": "manager", "person": manager.pk, "gender": "woman"},
            content_type=JSON,
        )

        assert response.status_code == 201, response.json()
        assert (response.json()["name"], response.json()["person"]) == ("Maria Chef", manager.pk)
        assert "gender" not in response.json()

    def test_refuses_a_person_from_another_organisation(self, api, tenant_b, training_a, member_of):
        response = api("coach").post(
            f"/api/v1/activities/{training_a.pk}/participants/",
            {"role": "manager", "person": member_of(tenant_b, "staff").pk},
            content_type=JSON,
        )

        assert response.status_code == 400
        assert "person" in response.json()["error"]["fields"]

    def test_marks_a_participant_absent_and_removes_one(self, api, tenant_a, training_a):
        with tenant_context(tenant_a):
            first, second = training_a.participants.order_by("pk")
        client = api("coach")

        absent = client.patch(
            f"/api/v1/activities/{training_a.pk}/participants/{first.pk}/",
            {"attended": False},
            content_type=JSON,
        )
        removed = client.delete(f"/api/v1/activities/{training_a.pk}/participants/{second.pk}/")

        assert absent.json()["attended"] is False
        assert removed.status_code == 204
        with tenant_context(tenant_a):
            assert list(Participant.objects.values_list("pk", "attended")) == [(first.pk, False)]

    def test_a_participant_of_another_activity_is_not_found(self, api, tenant_a, training_a):
        with tenant_context(tenant_a):
            [elsewhere] = participants(activity(DAY), "staff", 1)

        response = api("coach").delete(
            f"/api/v1/activities/{training_a.pk}/participants/{elsewhere.pk}/"
        )

        assert response.status_code == 404

    @pytest.mark.parametrize("role", ["viewer", "staff"])
    def test_readers_may_not_change_participants(self, api, tenant_a, training_a, role):
        with tenant_context(tenant_a):
            first = training_a.participants.first()

        response = api(role).delete(f"/api/v1/activities/{training_a.pk}/participants/{first.pk}/")

        assert response.status_code == 403


class TestIsolation:
    @pytest.fixture
    def training_b(self, tenant_b):
        with tenant_context(tenant_b):
            return activity(DAY, title=f"Utbildning {CANARY_B}")

    def test_a_member_of_b_gets_403_on_as_host_with_a_session(
        self, tenant_a, tenant_b, training_a, training_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        for path in [
            "/api/v1/activities/",
            f"/api/v1/activities/{training_a.pk}/",
            "/api/v1/activities/summary/",
        ]:
            response = client.get(path)
            assert response.status_code == 403
            assert CANARY_A not in response.content.decode()

    def test_a_token_of_b_reads_only_bs_activities(
        self, tenant_a, tenant_b, training_a, training_b, member_of, client_for
    ):
        token = api_token_for(member_of(tenant_b, "admin"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        on_a = client_for(tenant_a).get("/api/v1/activities/", **auth)
        on_b = client_for(tenant_b).get("/api/v1/activities/", **auth)

        assert on_a.status_code == 403
        assert CANARY_A not in on_a.content.decode()
        assert [a["title"] for a in on_b.json()["results"]] == [f"Utbildning {CANARY_B}"]
