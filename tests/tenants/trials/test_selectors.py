"""Reading tests and pilots: the filtered list, one trial in full, the implementation rule."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.library.models import Method
from tenants.trials import selectors, services
from tests.factories import make_idea
from tests.tenants.trials.make import days, evaluate, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]


class TestTrialList:
    def test_lists_the_latest_start_first_with_its_recommendation(self, idea, coach):
        early = plan(idea, coach, title="Tidig", starts_on=days(-90), ends_on=days(-60))
        late = plan(idea, coach, title="Sen", starts_on=days(-30), ends_on=days(-2))
        evaluate(early, coach, recommendation="adjust")

        trials = list(selectors.trial_list())

        assert [(t.title, t.recommendation) for t in trials] == [("Sen", None), ("Tidig", "adjust")]
        assert trials[0].pk == late.pk

    def test_filters_by_status_and_kind(self, idea, coach):
        test = plan(idea, coach, title="Test")
        pilot = plan(idea, coach, title="Pilot", kind="pilot")
        services.trial_set_status(trial=pilot, status="running", by=coach)

        assert [t.pk for t in selectors.trial_list(status="running")] == [pilot.pk]
        assert [t.pk for t in selectors.trial_list(kind="test")] == [test.pk]
        assert not selectors.trial_list(status="running", kind="test").exists()

    @pytest.mark.parametrize(
        ("period_from", "period_to", "expected"),
        [
            (-100, -91, []),
            (-100, -90, ["Våren"]),
            (-75, -65, ["Våren"]),
            (-60, -30, ["Sommaren", "Våren"]),
            (-10, None, ["Sommaren"]),
            (None, -61, ["Våren"]),
        ],
    )
    def test_keeps_the_trials_that_run_some_time_in_the_period(
        self, idea, coach, period_from, period_to, expected
    ):
        plan(idea, coach, title="Våren", starts_on=days(-90), ends_on=days(-60))
        plan(idea, coach, title="Sommaren", starts_on=days(-30), ends_on=days(-1))

        found = selectors.trial_list(
            period_from=days(period_from) if period_from is not None else None,
            period_to=days(period_to) if period_to is not None else None,
        )

        assert [t.title for t in found] == expected

    def test_costs_one_query_however_many_trials(self, coach):
        for n in range(5):
            trial = plan(make_idea(), coach, title=f"Test {n}")
            if n % 2:
                evaluate(trial, coach)

        with CaptureQueriesContext(connection) as captured:
            rows = [(t.idea.registration_number, t.recommendation) for t in selectors.trial_list()]

        assert len(rows) == 5
        assert len(captured.captured_queries) == 1


class TestTrialGet:
    def test_gives_measures_with_results_log_methods_and_evaluation_in_a_fixed_number_of_queries(
        self, idea, coach
    ):
        method = Method.objects.create(
            kind="testbed", title="Hemtjänstens testbädd", description="x"
        )
        trial = plan(idea, coach, methods=[method])
        services.trial_log_add(trial=trial, body="Första veckan", by=coach)
        services.trial_log_add(trial=trial, body="Andra veckan", by=coach)
        evaluate(trial, coach)

        with CaptureQueriesContext(connection) as captured:
            found = selectors.trial_get(pk=trial.pk)
            measures = [
                (m.description, selectors.result_of(m).met) for m in found.success_measures.all()
            ]  # type: ignore[union-attr]
            log = [e.body for e in found.log_entries.all()]
            authors = {e.author.full_name for e in found.log_entries.all()}  # type: ignore[union-attr]
            methods = [m.title for m in found.methods.all()]
            evaluation = selectors.evaluation_of(found)
            evaluated_by = evaluation.evaluated_by.full_name  # type: ignore[union-attr]
            idea_stage = found.idea.stage.key

        assert measures == [("Restid per besök", True), ("Nöjd personal", True)]
        assert log == ["Andra veckan", "Första veckan"]
        assert authors == {"Cecilia Coach"}
        assert methods == ["Hemtjänstens testbädd"]
        assert evaluated_by == "Cecilia Coach"
        assert idea_stage == "received"
        assert len(captured.captured_queries) == 4

    def test_says_there_is_no_evaluation_yet(self, idea, coach):
        trial = plan(idea, coach)

        found = selectors.trial_get(pk=trial.pk)

        assert selectors.evaluation_of(found) is None
        assert [selectors.result_of(m) for m in found.success_measures.all()] == [None, None]


class TestIdeaMayBeImplemented:
    def test_not_without_a_trial(self, idea):
        assert selectors.idea_may_be_implemented(idea=idea) is False

    def test_not_with_a_trial_that_is_not_evaluated(self, idea, coach):
        plan(idea, coach)

        assert selectors.idea_may_be_implemented(idea=idea) is False

    @pytest.mark.parametrize("recommendation", ["adjust", "stop"])
    def test_not_when_the_evaluation_recommends_otherwise(self, idea, coach, recommendation):
        evaluate(plan(idea, coach), coach, recommendation=recommendation)

        assert selectors.idea_may_be_implemented(idea=idea) is False

    def test_when_one_of_its_evaluations_recommends_implementing_it(self, idea, coach):
        evaluate(plan(idea, coach), coach, recommendation="adjust")
        evaluate(plan(idea, coach), coach, recommendation="implement")

        assert selectors.idea_may_be_implemented(idea=idea) is True

    def test_not_because_of_another_ideas_evaluation(self, idea, coach):
        evaluate(plan(make_idea(), coach), coach, recommendation="implement")

        assert selectors.idea_may_be_implemented(idea=idea) is False
