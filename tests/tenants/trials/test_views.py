"""The trial pages: the list, planning a test, a test's plan, log, status and evaluation."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django_tenants.utils import tenant_context

from tenants.trials.models import Evaluation, Trial
from tests.factories import make_idea
from tests.tenants import rows
from tests.tenants.rows import CANARY_A
from tests.tenants.trials.make import days, evaluate, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def trial_a(tenant_a, idea, coach):
    with tenant_context(tenant_a):
        return plan(idea, coach, title="Lådcyklar i tre grupper")


def plan_form(idea_pk: int, **fields):
    return {
        "idea": idea_pk,
        "kind": "test",
        "title": "Lådcyklar",
        "goal": "Kortare restid.",
        "hypothesis": "Cykel slår bil i centrum.",
        "units": "Hemtjänst Centrum\r\nHemtjänst Norr\r\n\r\nHemtjänst Söder",
        "starts_on": str(days(1)),
        "ends_on": str(days(60)),
        "budget_sek": "150 000,50",
        "measures": "Restid per besök: under 10 minuter\nNöjd personal",
        **fields,
    }


class TestTheList:
    def test_an_anonymous_visitor_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/tester/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_shows_each_trial_with_its_idea_and_recommendation(
        self, tenant_a, page, trial_a, coach
    ):
        with tenant_context(tenant_a):
            evaluate(trial_a, coach, recommendation="adjust")

        body = page("viewer").get("/tester/").content.decode()

        assert f'href="/tester/{trial_a.pk}/"' in body
        assert "Lådcyklar i tre grupper" in body
        assert "Justera" in body
        assert "150 000 kr" in body

    def test_marks_its_menu_link_as_the_current_page(self, page):
        body = page("staff").get("/tester/").content.decode()

        assert '<a href="/tester/" aria-current="page">Tester</a>' in body

    def test_filters_by_status(self, tenant_a, page, idea, coach):
        with tenant_context(tenant_a):
            plan(idea, coach, title="Planerat test")
            evaluate(plan(idea, coach, title="Genomfört test"), coach)

        response = page("viewer").get("/tester/?status=completed")

        assert [t.title for t in response.context["trials"]] == ["Genomfört test"]

    def test_offers_planning_only_to_those_who_may(self, page, trial_a):
        assert 'href="/tester/ny/"' in page("coach").get("/tester/").content.decode()
        assert 'href="/tester/ny/"' not in page("staff").get("/tester/").content.decode()

    def test_a_page_of_trials_costs_no_more_queries_than_one(
        self, tenant_a, page, coach, django_assert_max_num_queries
    ):
        client = page("viewer")

        def evaluated_trial():
            with tenant_context(tenant_a):
                evaluate(plan(make_idea(), coach), coach)

        evaluated_trial()
        one = rows.queries_of(lambda: client.get("/tester/"))
        for _ in range(9):
            evaluated_trial()

        with django_assert_max_num_queries(one):
            response = client.get("/tester/")

        assert len(response.context["trials"]) == 10


class TestPlanningATest:
    def test_the_idea_is_chosen_from_the_link(self, page, idea):
        response = page("coach").get(f"/tester/ny/?{quote('idé')}={idea.pk}")

        assert response.status_code == 200
        assert response.context["form"]["idea"].value() == idea.pk
        assert f'<option value="{idea.pk}" selected>' in response.content.decode()

    def test_plans_the_test_with_one_unit_a_line(self, tenant_a, page, idea):
        response = page("coach").post("/tester/ny/", plan_form(idea.pk))

        with tenant_context(tenant_a):
            trial = Trial.objects.get()
            measures = [(m.description, m.target) for m in trial.success_measures.order_by("pk")]
        assert response.status_code == 302
        assert response["Location"] == f"/tester/{trial.pk}/"
        assert trial.units == ["Hemtjänst Centrum", "Hemtjänst Norr", "Hemtjänst Söder"]
        assert str(trial.budget_sek) == "150000.50"
        assert measures == [("Restid per besök", "under 10 minuter"), ("Nöjd personal", "")]

    def test_shows_an_end_before_the_start_next_to_the_end_and_keeps_what_was_typed(
        self, tenant_a, page, idea
    ):
        response = page("coach").post(
            "/tester/ny/", plan_form(idea.pk, starts_on=str(days(10)), ends_on=str(days(9)))
        )

        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors["ends_on"] == ["Slutdatumet kan inte vara före startdatumet."]
        body = response.content.decode()
        assert 'id="id_ends_on_error"' in body
        assert "Hemtjänst Norr" in body
        assert 'value="150 000,50"' in body
        with tenant_context(tenant_a):
            assert not Trial.objects.exists()

    def test_shows_a_budget_that_is_not_an_amount_next_to_the_budget(self, page, idea):
        response = page("coach").post("/tester/ny/", plan_form(idea.pk, budget_sek="mycket"))

        assert response.status_code == 400
        assert "budget_sek" in response.context["form"].errors

    def test_staff_may_not_plan_tests(self, page, idea):
        assert page("staff").get("/tester/ny/").status_code == 403
        assert page("staff").post("/tester/ny/", plan_form(idea.pk)).status_code == 403


class TestChangingThePlan:
    def test_the_form_shows_the_plan_as_it_is(self, page, trial_a):
        response = page("coach").get(f"/tester/{trial_a.pk}/andra/")

        body = response.content.decode()
        assert response.status_code == 200
        assert "Hemtjänst Centrum\nHemtjänst Norr\nHemtjänst Söder" in body
        assert "Restid per besök: under 10 minuter" in body
        assert 'value="150000.00"' in body

    def test_a_coach_changes_the_plan_and_the_idea_stays(self, tenant_a, page, trial_a, idea):
        with tenant_context(tenant_a):
            other = make_idea()
        form = plan_form(other.pk, title="Lådcyklar i fyra grupper", units="A\nB\nC\nD")

        response = page("coach").post(f"/tester/{trial_a.pk}/andra/", form)

        assert response.status_code == 302
        with tenant_context(tenant_a):
            trial_a.refresh_from_db()
        assert (trial_a.title, trial_a.units, trial_a.idea_id) == (
            "Lådcyklar i fyra grupper",
            ["A", "B", "C", "D"],
            idea.pk,
        )

    def test_staff_may_not_change_the_plan(self, page, trial_a):
        assert page("staff").get(f"/tester/{trial_a.pk}/andra/").status_code == 403


class TestATest:
    def test_shows_the_plan_to_every_member(self, page, trial_a, idea):
        response = page("viewer").get(f"/tester/{trial_a.pk}/")

        body = response.content.decode()
        assert response.status_code == 200
        assert "Hemtjänst Söder" in body
        assert "Restid per besök" in body
        assert idea.registration_number in body
        assert 'name="action" value="log"' not in body
        assert 'name="action" value="evaluate"' not in body

    def test_a_coach_writes_in_the_log(self, tenant_a, page, trial_a):
        client = page("coach")

        response = client.post(
            f"/tester/{trial_a.pk}/", {"action": "log", "log-body": f"Vecka ett {CANARY_A}"}
        )

        assert response.status_code == 302
        assert CANARY_A in client.get(f"/tester/{trial_a.pk}/").content.decode()

    def test_staff_may_not_write_in_the_log(self, page, trial_a):
        response = page("staff").post(
            f"/tester/{trial_a.pk}/", {"action": "log", "log-body": "Hej"}
        )

        assert response.status_code == 403

    def test_a_coach_starts_the_test(self, tenant_a, page, trial_a):
        response = page("coach").post(
            f"/tester/{trial_a.pk}/", {"action": "status", "status-status": "running"}
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            trial_a.refresh_from_db()
        assert trial_a.status == "running"

    def test_a_missing_result_is_shown_next_to_its_measure_and_the_rest_is_kept(
        self, tenant_a, page, trial_a
    ):
        with tenant_context(tenant_a):
            travel, happy = trial_a.success_measures.order_by("pk")

        response = page("coach").post(
            f"/tester/{trial_a.pk}/",
            {
                "action": "evaluate",
                "evaluation-summary": "Restiden halverades.",
                "evaluation-actual_cost_sek": "120 000",
                "evaluation-recommendation": "implement",
                "evaluation-evaluated_on": str(days(0)),
                f"evaluation-result_{travel.pk}": "8 minuter",
                f"evaluation-met_{travel.pk}": "on",
                f"evaluation-result_{happy.pk}": "",
            },
        )

        assert response.status_code == 400
        form = response.context["evaluation_form"]
        assert form.errors[f"result_{happy.pk}"] == ["Ange utfallet för måttet."]
        assert "Utfall saknas för: ”Nöjd personal”" in form.non_field_errors()[0]
        assert 'value="8 minuter"' in response.content.decode()
        with tenant_context(tenant_a):
            assert not Evaluation.objects.exists()

    def test_a_coach_evaluates_the_test_and_it_is_completed(self, tenant_a, page, trial_a):
        with tenant_context(tenant_a):
            travel, happy = trial_a.success_measures.order_by("pk")
        client = page("coach")

        response = client.post(
            f"/tester/{trial_a.pk}/",
            {
                "action": "evaluate",
                "evaluation-summary": "Restiden halverades.",
                "evaluation-actual_cost_sek": "120 000,50",
                "evaluation-recommendation": "implement",
                "evaluation-evaluated_on": str(days(0)),
                f"evaluation-result_{travel.pk}": "8 minuter",
                f"evaluation-met_{travel.pk}": "on",
                f"evaluation-result_{happy.pk}": "72 %",
            },
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            evaluation = Evaluation.objects.get()
            trial_a.refresh_from_db()
        assert str(evaluation.actual_cost_sek) == "120000.50"
        assert trial_a.status == "completed"
        body = client.get(f"/tester/{trial_a.pk}/").content.decode()
        assert "Inför" in body
        assert "72 %" in body
        assert 'name="action" value="evaluate"' not in body

    def test_a_member_of_another_organisation_gets_403(
        self, tenant_a, tenant_b, trial_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        response = client.get(f"/tester/{trial_a.pk}/")

        assert response.status_code == 403
        assert "Lådcyklar i tre grupper" not in response.content.decode()
