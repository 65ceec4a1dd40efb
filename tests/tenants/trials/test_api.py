"""The trials API: who may read and write, planning, log, status, evaluation, isolation, queries."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.trials.models import Evaluation, Trial
from tests.factories import api_token_for, make_idea
from tests.tenants import rows
from tests.tenants.rows import CANARY_A, CANARY_B
from tests.tenants.trials.make import days, evaluate, plan

pytestmark = pytest.mark.django_db

JSON = "application/json"
ROLES = ["viewer", "staff", "council_member", "coach", "admin"]


@pytest.fixture
def api(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def trial_a(tenant_a, idea, coach):
    with tenant_context(tenant_a):
        return plan(idea, coach, title=f"Test {CANARY_A}", goal=CANARY_A)


def plan_body(idea_pk: int, **fields):
    return {
        "idea": idea_pk,
        "title": "Lådcyklar",
        "goal": "Kortare restid.",
        "hypothesis": "Cykel slår bil i centrum.",
        "units": ["Hemtjänst Centrum", "Hemtjänst Norr"],
        "starts_on": str(days(1)),
        "ends_on": str(days(60)),
        "budget_sek": "150000.50",
        "measures": [{"description": "Restid", "target": "under 10 min"}],
        **fields,
    }


class TestReadingTrials:
    @pytest.mark.parametrize("role", ROLES)
    def test_every_member_may_read_the_trials(self, api, trial_a, role):
        response = api(role).get("/api/v1/trials/")

        assert response.status_code == 200
        assert [t["id"] for t in response.json()["results"]] == [trial_a.pk]

    def test_shows_the_plan_with_money_as_a_decimal_string(self, api, trial_a, idea):
        result = api("viewer").get("/api/v1/trials/").json()["results"][0]

        assert result["budget_sek"] == "150000.00"
        assert result["idea"] == {
            "id": idea.pk,
            "registration_number": idea.registration_number,
            "title": idea.title,
        }
        assert result["units"] == ["Hemtjänst Centrum", "Hemtjänst Norr", "Hemtjänst Söder"]
        assert (result["status"], result["kind"], result["recommendation"]) == (
            "planned",
            "test",
            None,
        )

    def test_filters_by_status_kind_and_period(self, api, tenant_a, idea, coach):
        with tenant_context(tenant_a):
            plan(idea, coach, title="Vår", starts_on=days(-90), ends_on=days(-60))
            plan(idea, coach, title="Pilot", kind="pilot", starts_on=days(-30), ends_on=days(-1))
        client = api("viewer")

        def titles(query: str) -> list[str]:
            return [t["title"] for t in client.get(f"/api/v1/trials/?{query}").json()["results"]]

        assert titles("kind=pilot") == ["Pilot"]
        assert titles("status=completed") == []
        assert titles(f"period_from={days(-70)}&period_to={days(-65)}") == ["Vår"]

    def test_refuses_an_unknown_status_filter(self, api, trial_a):
        response = api("viewer").get("/api/v1/trials/?status=finished")

        assert response.status_code == 400
        assert "status" in response.json()["error"]["fields"]

    def test_gives_one_trial_with_measures_log_and_evaluation(self, api, tenant_a, trial_a, coach):
        with tenant_context(tenant_a):
            from tenants.trials import services

            services.trial_log_add(trial=trial_a, body="Vecka 1", by=coach)
            evaluate(trial_a, coach, recommendation="adjust")

        body = api("viewer").get(f"/api/v1/trials/{trial_a.pk}/").json()

        assert body["goal"] == CANARY_A
        assert [m["description"] for m in body["measures"]] == ["Restid per besök", "Nöjd personal"]
        assert body["measures"][0]["result"]["met"] is True
        assert [e["body"] for e in body["log"]] == ["Vecka 1"]
        assert body["log"][0]["author"]["name"] == "Cecilia Coach"
        assert body["evaluation"]["recommendation"] == "adjust"
        assert body["evaluation"]["actual_cost_sek"] == "120000.50"
        assert len(body["evaluation"]["results"]) == 2
        assert body["recommendation"] == "adjust"
        assert body["status"] == "completed"

    def test_a_trial_that_does_not_exist_is_not_found(self, api, tenant_a):
        response = api("viewer").get("/api/v1/trials/999999/")

        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    def test_a_page_of_trials_costs_no_more_queries_than_one(
        self, api, tenant_a, coach, django_assert_max_num_queries
    ):
        client = api("viewer")

        def evaluated_trial():
            with tenant_context(tenant_a):
                evaluate(plan(make_idea(), coach), coach)

        evaluated_trial()
        one = rows.queries_of(lambda: client.get("/api/v1/trials/"))
        for _ in range(9):
            evaluated_trial()

        with django_assert_max_num_queries(one):
            response = client.get("/api/v1/trials/")

        assert len(response.json()["results"]) == 10
        assert {t["recommendation"] for t in response.json()["results"]} == {"implement"}


class TestPlanningATrial:
    @pytest.mark.parametrize("role", ["coach", "admin"])
    def test_those_who_work_the_pipeline_plan_trials(self, api, tenant_a, idea, role):
        response = api(role).post("/api/v1/trials/", plan_body(idea.pk), content_type=JSON)

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["budget_sek"] == "150000.50"
        assert body["measures"][0]["target"] == "under 10 min"
        with tenant_context(tenant_a):
            assert AuditEvent.objects.filter(
                action="trial.planned", object_id=str(body["id"])
            ).exists()

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not(self, api, tenant_a, idea, role):
        response = api(role).post("/api/v1/trials/", plan_body(idea.pk), content_type=JSON)

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        with tenant_context(tenant_a):
            assert not Trial.objects.exists()

    def test_refuses_an_end_before_the_start_on_ends_on(self, api, idea):
        body = plan_body(idea.pk, starts_on=str(days(10)), ends_on=str(days(9)))

        response = api("coach").post("/api/v1/trials/", body, content_type=JSON)

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "ends_on": ["Slutdatumet kan inte vara före startdatumet."]
        }

    def test_refuses_a_budget_sent_as_a_json_float(self, api, tenant_a, idea):
        response = api("coach").post(
            "/api/v1/trials/", plan_body(idea.pk, budget_sek=150000.5), content_type=JSON
        )

        assert response.status_code == 400
        assert "budget_sek" in response.json()["error"]["fields"]
        with tenant_context(tenant_a):
            assert not Trial.objects.exists()

    def test_needs_units_and_measures(self, api, idea):
        response = api("coach").post(
            "/api/v1/trials/", plan_body(idea.pk, units=[" "], measures=[]), content_type=JSON
        )

        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"units", "measures"}

    def test_refuses_an_idea_that_does_not_exist(self, api, idea):
        response = api("coach").post("/api/v1/trials/", plan_body(999999), content_type=JSON)

        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"idea": ["Idén finns inte."]}


class TestChangingATrial:
    def test_a_coach_changes_the_plan(self, api, trial_a):
        response = api("coach").patch(
            f"/api/v1/trials/{trial_a.pk}/", {"budget_sek": "99000"}, content_type=JSON
        )

        assert response.status_code == 200
        assert response.json()["budget_sek"] == "99000.00"

    def test_staff_may_not(self, api, trial_a):
        response = api("staff").patch(
            f"/api/v1/trials/{trial_a.pk}/", {"title": "Nej"}, content_type=JSON
        )

        assert response.status_code == 403

    def test_starts_a_trial(self, api, trial_a):
        response = api("admin").post(
            f"/api/v1/trials/{trial_a.pk}/status/", {"status": "running"}, content_type=JSON
        )

        assert response.status_code == 200
        assert response.json()["status"] == "running"

    def test_refuses_completing_a_trial_by_hand(self, api, trial_a):
        response = api("admin").post(
            f"/api/v1/trials/{trial_a.pk}/status/", {"status": "completed"}, content_type=JSON
        )

        assert response.status_code == 400
        assert "status" in response.json()["error"]["fields"]


class TestTheLog:
    def test_a_coach_writes_and_every_member_reads(self, api, trial_a):
        written = api("coach").post(
            f"/api/v1/trials/{trial_a.pk}/log/", {"body": "Cyklarna levererade."}, content_type=JSON
        )
        read = api("viewer").get(f"/api/v1/trials/{trial_a.pk}/log/")

        assert written.status_code == 201
        assert written.json()["body"] == "Cyklarna levererade."
        assert [e["body"] for e in read.json()["results"]] == ["Cyklarna levererade."]

    @pytest.mark.parametrize("role", ["viewer", "staff"])
    def test_readers_may_not_write(self, api, trial_a, role):
        response = api(role).post(
            f"/api/v1/trials/{trial_a.pk}/log/", {"body": "Hej"}, content_type=JSON
        )

        assert response.status_code == 403


class TestTheEvaluation:
    def evaluation_body(self, trial, **fields):
        return {
            "summary": "Restiden halverades.",
            "actual_cost_sek": "120000.00",
            "recommendation": "implement",
            "evaluated_on": str(days(0)),
            "results": [
                {"measure": m.pk, "result": "Bra", "met": True}
                for m in trial.success_measures.all()
            ],
            **fields,
        }

    def test_a_coach_records_it_and_the_trial_is_completed(self, api, tenant_a, trial_a):
        with tenant_context(tenant_a):
            body = self.evaluation_body(trial_a)

        response = api("coach").post(
            f"/api/v1/trials/{trial_a.pk}/evaluation/", body, content_type=JSON
        )

        assert response.status_code == 201, response.json()
        assert response.json()["recommendation"] == "implement"
        assert response.json()["actual_cost_sek"] == "120000.00"
        read = api("viewer").get(f"/api/v1/trials/{trial_a.pk}/evaluation/")
        assert read.json()["id"] == response.json()["id"]
        assert api("viewer").get(f"/api/v1/trials/{trial_a.pk}/").json()["status"] == "completed"

    def test_names_the_measures_without_a_result(self, api, tenant_a, trial_a):
        with tenant_context(tenant_a):
            body = self.evaluation_body(trial_a)
        body["results"] = body["results"][:1]

        response = api("coach").post(
            f"/api/v1/trials/{trial_a.pk}/evaluation/", body, content_type=JSON
        )

        assert response.status_code == 400
        assert response.json()["error"]["fields"]["results"] == [
            "Ange utfallet för varje framgångsmått. Utfall saknas för: ”Nöjd personal”."
        ]
        with tenant_context(tenant_a):
            assert not Evaluation.objects.exists()

    def test_refuses_a_cost_sent_as_a_json_float(self, api, tenant_a, trial_a):
        with tenant_context(tenant_a):
            body = self.evaluation_body(trial_a, actual_cost_sek=0.3)

        response = api("coach").post(
            f"/api/v1/trials/{trial_a.pk}/evaluation/", body, content_type=JSON
        )

        assert response.status_code == 400
        assert "actual_cost_sek" in response.json()["error"]["fields"]

    def test_there_is_none_before_it_is_recorded(self, api, trial_a):
        assert api("viewer").get(f"/api/v1/trials/{trial_a.pk}/evaluation/").status_code == 404

    def test_staff_may_not_record_it(self, api, tenant_a, trial_a):
        with tenant_context(tenant_a):
            body = self.evaluation_body(trial_a)

        response = api("staff").post(
            f"/api/v1/trials/{trial_a.pk}/evaluation/", body, content_type=JSON
        )

        assert response.status_code == 403


class TestIsolation:
    @pytest.fixture
    def trial_b(self, tenant_b, member_of):
        with tenant_context(tenant_b):
            return plan(make_idea(), member_of(tenant_b, "coach"), title=f"Test {CANARY_B}")

    def test_a_member_of_b_gets_403_on_as_host_with_a_session(
        self, tenant_a, tenant_b, trial_a, trial_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        listing = client.get("/api/v1/trials/")
        detail = client.get(f"/api/v1/trials/{trial_a.pk}/")

        assert (listing.status_code, detail.status_code) == (403, 403)
        assert CANARY_A not in listing.content.decode() + detail.content.decode()

    def test_a_token_of_b_reads_only_bs_trials(
        self, tenant_a, tenant_b, trial_a, trial_b, member_of, client_for
    ):
        token = api_token_for(member_of(tenant_b, "admin"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        on_a = client_for(tenant_a).get("/api/v1/trials/", **auth)
        on_b = client_for(tenant_b).get("/api/v1/trials/", **auth)
        write_on_a = client_for(tenant_a).post(
            f"/api/v1/trials/{trial_a.pk}/log/", {"body": "in"}, content_type=JSON, **auth
        )

        assert on_a.status_code == 403
        assert CANARY_A not in on_a.content.decode()
        assert [t["title"] for t in on_b.json()["results"]] == [f"Test {CANARY_B}"]
        assert CANARY_A not in on_b.content.decode()
        assert write_on_a.status_code == 403
