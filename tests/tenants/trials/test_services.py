"""Planning, changing, logging and evaluating tests and pilots."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tenants.audit.models import AuditEvent
from tenants.ideas import services as idea_services
from tenants.library.models import Method
from tenants.trials import services
from tenants.trials.models import Evaluation, Trial, TrialLogEntry, TrialStatus
from tests.factories import make_idea, stage
from tests.tenants.trials.make import days, decision, evaluate, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]


def messages_of(error: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return error.value.message_dict[field]


def events(action: str, obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).order_by("pk"))


class TestTrialPlan:
    def test_plans_a_test_with_its_units_measures_budget_and_methods(self, idea, coach):
        bench = Method.objects.create(kind="testbed", title="Testbädd hemtjänst", description="x")

        trial = plan(idea, coach, methods=[bench], kind="pilot")

        trial.refresh_from_db()
        assert trial.idea == idea
        assert trial.kind == "pilot"
        assert trial.status == TrialStatus.PLANNED
        assert trial.units == ["Hemtjänst Centrum", "Hemtjänst Norr", "Hemtjänst Söder"]
        assert trial.budget_sek == Decimal("150000.00")
        assert [(m.description, m.target) for m in trial.success_measures.order_by("pk")] == [
            ("Restid per besök", "under 10 minuter"),
            ("Nöjd personal", "minst 80 %"),
        ]
        assert list(trial.methods.all()) == [bench]
        assert trial.created_by == coach

    def test_records_who_planned_it_and_the_plan_in_the_audit_log(self, idea, coach):
        trial = plan(idea, coach)

        [event] = events("trial.planned", trial)
        assert event.actor_id == coach.pk
        assert event.object_type == "trials.trial"
        assert event.after["budget_sek"] == "150000.00"
        assert event.after["units"] == trial.units
        assert [m["description"] for m in event.after["measures"]] == [
            "Restid per besök",
            "Nöjd personal",
        ]

    def test_refuses_an_end_before_the_start_on_the_end_date(self, idea, coach):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, starts_on=days(10), ends_on=days(9))

        assert messages_of(error, "ends_on") == ["Slutdatumet kan inte vara före startdatumet."]
        assert not Trial.objects.exists()

    def test_accepts_a_trial_of_one_day(self, idea, coach):
        trial = plan(idea, coach, starts_on=days(3), ends_on=days(3))

        assert trial.starts_on == trial.ends_on

    @pytest.mark.parametrize("units", [[], ["", "   "]])
    def test_needs_at_least_one_participating_unit(self, idea, coach, units):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, units=units)

        assert messages_of(error, "units") == ["Ange minst en deltagande enhet."]

    def test_keeps_units_trimmed_and_each_once(self, idea, coach):
        trial = plan(idea, coach, units=["  Skola A ", "skola a", "", "Skola  B"])

        assert trial.units == ["Skola A", "Skola B"]

    @pytest.mark.parametrize("measures", [[], [("  ", "")]])
    def test_needs_at_least_one_success_measure(self, idea, coach, measures):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, measures=measures)

        assert messages_of(error, "measures") == ["Ange minst ett framgångsmått."]

    def test_refuses_a_target_without_a_measure(self, idea, coach):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, measures=[("Nöjda brukare", ""), ("", "80 %")])

        assert messages_of(error, "measures") == ["Målvärdet 80 % saknar ett mått."]

    def test_refuses_a_budget_given_as_a_float(self, idea, coach):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, budget_sek=150000.5)

        assert messages_of(error, "budget_sek") == [
            "Ange beloppet som ett exakt decimaltal, inte som flyttal."
        ]

    @pytest.mark.parametrize(
        ("budget", "expected"),
        [("150000.50", Decimal("150000.50")), (90000, Decimal("90000.00")), ("0", Decimal(0))],
    )
    def test_takes_the_budget_as_a_decimal_string_or_whole_kronor(
        self, idea, coach, budget, expected
    ):
        trial = plan(idea, coach, budget_sek=budget)

        trial.refresh_from_db()
        assert trial.budget_sek == expected

    @pytest.mark.parametrize("budget", ["-1", "10.005", "mycket"])
    def test_refuses_a_negative_or_inexact_budget(self, idea, coach, budget):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, budget_sek=budget)

        assert "budget_sek" in error.value.message_dict

    def test_names_every_field_that_is_wrong_at_once(self, idea, coach):
        with pytest.raises(ValidationError) as error:
            plan(idea, coach, title=" ", goal="", hypothesis="", units=[], measures=[])

        assert set(error.value.message_dict) == {"title", "goal", "hypothesis", "units", "measures"}

    def test_refuses_a_council_decision_on_another_idea(self, idea, coach):
        other = decision(make_idea())

        with pytest.raises(ValidationError) as error:
            plan(idea, coach, decision=other)

        assert messages_of(error, "decision") == ["Beslutet gäller en annan idé."]

    def test_carries_out_a_council_decision_on_the_idea(self, idea, coach):
        granted = decision(idea)

        trial = plan(idea, coach, decision=granted)

        assert trial.decision == granted

    def test_refuses_an_idea_that_is_closed(self, idea, coach):
        idea_services.idea_move(idea=idea, to_stage=stage("declined"), by=coach, reason="Nej.")

        with pytest.raises(ValidationError) as error:
            plan(idea, coach)

        assert "idea" in error.value.message_dict


class TestTrialUpdate:
    def test_changes_the_plan_and_records_only_what_changed(self, idea, coach):
        trial = plan(idea, coach)

        services.trial_update(
            trial=trial, by=coach, title="Lådcyklar i fyra grupper", budget_sek="175000"
        )

        trial.refresh_from_db()
        assert trial.title == "Lådcyklar i fyra grupper"
        assert trial.budget_sek == Decimal("175000.00")
        [event] = events("trial.updated", trial)
        assert event.before == {
            "title": "Lådcyklar i tre hemtjänstgrupper",
            "budget_sek": "150000.00",
        }
        assert event.after == {"title": "Lådcyklar i fyra grupper", "budget_sek": "175000.00"}

    def test_refuses_to_move_the_end_before_the_start(self, idea, coach):
        trial = plan(idea, coach, starts_on=days(1), ends_on=days(30))

        with pytest.raises(ValidationError) as error:
            services.trial_update(trial=trial, by=coach, ends_on=days(0))

        assert messages_of(error, "ends_on") == ["Slutdatumet kan inte vara före startdatumet."]
        trial.refresh_from_db()
        assert trial.ends_on == days(30)

    def test_keeps_the_rows_of_measures_given_again(self, idea, coach):
        trial = plan(idea, coach)
        kept = trial.success_measures.get(description="Restid per besök")

        services.trial_update(
            trial=trial,
            by=coach,
            measures=[("Restid per besök", "under 10 minuter"), ("Färre bilar", "två")],
        )

        assert [
            (m.pk == kept.pk, m.description) for m in trial.success_measures.order_by("pk")
        ] == [
            (True, "Restid per besök"),
            (False, "Färre bilar"),
        ]

    def test_refuses_to_change_measures_once_evaluated(self, idea, coach):
        trial = plan(idea, coach)
        evaluate(trial, coach)

        with pytest.raises(ValidationError) as error:
            services.trial_update(trial=trial, by=coach, measures=[("Något annat", "")])

        assert messages_of(error, "measures") == [
            "Framgångsmåtten kan inte ändras när testet är utvärderat."
        ]

    def test_links_methods(self, idea, coach):
        trial = plan(idea, coach)
        method = Method.objects.create(kind="method", title="Tjänstedesign", description="x")

        services.trial_update(trial=trial, by=coach, methods=[method])

        assert list(trial.methods.all()) == [method]
        [event] = events("trial.updated", trial)
        assert event.after == {"methods": [method.pk]}

    def test_changes_nothing_it_was_not_asked_to(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(TypeError):
            services.trial_update(trial=trial, by=coach, status="completed")


class TestTrialSetStatus:
    def test_starts_a_planned_trial_and_records_it(self, idea, coach):
        trial = plan(idea, coach)

        services.trial_set_status(trial=trial, status="running", by=coach)

        trial.refresh_from_db()
        assert trial.status == "running"
        [event] = events("trial.status_changed", trial)
        assert (event.before, event.after) == ({"status": "planned"}, {"status": "running"})

    def test_a_trial_is_completed_only_by_its_evaluation(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError) as error:
            services.trial_set_status(trial=trial, status="completed", by=coach)

        assert messages_of(error, "status") == [
            "Ett test blir genomfört när utvärderingen registreras."
        ]

    def test_refuses_the_status_it_already_has(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError):
            services.trial_set_status(trial=trial, status="planned", by=coach)

    def test_an_evaluated_trial_keeps_its_status(self, idea, coach):
        trial = plan(idea, coach)
        evaluate(trial, coach)

        with pytest.raises(ValidationError) as error:
            services.trial_set_status(trial=trial, status="running", by=coach)

        assert messages_of(error, "status") == ["Ett utvärderat test kan inte byta status."]


class TestTrialLogAdd:
    def test_keeps_what_happened_with_who_wrote_it(self, idea, coach):
        trial = plan(idea, coach)

        entry = services.trial_log_add(trial=trial, body="  Två cyklar levererade.  ", by=coach)

        assert (entry.trial, entry.author, entry.body) == (trial, coach, "Två cyklar levererade.")
        [event] = events("trial_log.added", entry)
        assert event.after == {"trial": trial.pk, "body": "Två cyklar levererade."}

    def test_refuses_an_empty_entry(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError) as error:
            services.trial_log_add(trial=trial, body="  ", by=coach)

        assert messages_of(error, "body") == ["Skriv vad som hänt."]
        assert not TrialLogEntry.objects.exists()


class TestEvaluationRecord:
    def test_records_results_per_measure_and_completes_the_trial(self, idea, coach):
        trial = plan(idea, coach)
        travel, staff_happy = trial.success_measures.order_by("pk")

        evaluation = services.evaluation_record(
            trial=trial,
            summary="Restiden halverades.",
            effects="Mindre bilkörning.",
            actual_cost_sek=Decimal("120000.50"),
            lessons="Cykelgarage behövs.",
            recommendation="implement",
            results={travel.pk: ("8 minuter", True), staff_happy.pk: ("72 %", False)},
            evaluated_on=days(0),
            by=coach,
        )

        trial.refresh_from_db()
        assert trial.status == TrialStatus.COMPLETED
        assert evaluation.actual_cost_sek == Decimal("120000.50")
        assert evaluation.evaluated_by == coach
        assert sorted((r.measure_id, r.result, r.met) for r in evaluation.results.all()) == [
            (travel.pk, "8 minuter", True),
            (staff_happy.pk, "72 %", False),
        ]

    def test_records_the_evaluation_and_the_completion_in_the_audit_log(self, idea, coach):
        trial = plan(idea, coach)
        services.trial_set_status(trial=trial, status="running", by=coach)

        evaluation = evaluate(trial, coach)

        [recorded] = events("evaluation.recorded", evaluation)
        assert recorded.actor_id == coach.pk
        assert recorded.after["recommendation"] == "implement"
        assert recorded.after["actual_cost_sek"] == "120000.50"
        assert len(recorded.after["results"]) == 2
        completed = events("trial.status_changed", trial)[-1]
        assert (completed.before, completed.after["status"]) == ({"status": "running"}, "completed")

    def test_needs_a_result_for_every_measure_and_names_the_missing_ones(self, idea, coach):
        trial = plan(idea, coach)
        travel = trial.success_measures.get(description="Restid per besök")

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, results={travel.pk: ("8 minuter", True)})

        assert messages_of(error, "results") == [
            "Ange utfallet för varje framgångsmått. Utfall saknas för: ”Nöjd personal”."
        ]
        assert not Evaluation.objects.exists()
        trial.refresh_from_db()
        assert trial.status == TrialStatus.PLANNED

    def test_counts_a_blank_result_as_missing(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError) as error:
            evaluate(
                trial, coach, results={m.pk: ("  ", True) for m in trial.success_measures.all()}
            )

        assert "”Restid per besök”, ”Nöjd personal”" in messages_of(error, "results")[0]

    def test_refuses_a_result_for_another_trials_measure(self, idea, coach):
        trial = plan(idea, coach)
        other = plan(make_idea(), coach)
        results = {m.pk: ("ok", True) for m in trial.success_measures.all()}
        results[other.success_measures.first().pk] = ("fel test", True)  # type: ignore[union-attr]

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, results=results)

        assert messages_of(error, "results") == ["Utfallen ska gälla testets egna framgångsmått."]

    def test_refuses_a_cost_given_as_a_float(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, actual_cost_sek=0.1 + 0.2)

        assert "actual_cost_sek" in error.value.message_dict

    def test_refuses_an_evaluation_dated_before_the_trial_started(self, idea, coach):
        trial = plan(idea, coach, starts_on=days(-10), ends_on=days(-1))

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, evaluated_on=days(-11))

        assert "evaluated_on" in error.value.message_dict

    def test_refuses_an_evaluation_dated_in_the_future(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, evaluated_on=days(1))

        assert messages_of(error, "evaluated_on") == [
            "Utvärderingsdatumet kan inte vara i framtiden."
        ]

    def test_refuses_a_recommendation_that_does_not_exist(self, idea, coach):
        trial = plan(idea, coach)

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, recommendation="celebrate")

        assert "recommendation" in error.value.message_dict

    def test_evaluates_a_trial_once(self, idea, coach):
        trial = plan(idea, coach)
        evaluate(trial, coach)

        with pytest.raises(ValidationError) as error:
            evaluate(trial, coach, recommendation="stop")

        assert messages_of(error, "trial") == ["Testet är redan utvärderat."]
        assert Evaluation.objects.get().recommendation == "implement"

    def test_evaluates_a_stopped_trial(self, idea, coach):
        trial = plan(idea, coach)
        services.trial_set_status(trial=trial, status="stopped", by=coach)

        evaluate(trial, coach, recommendation="stop")

        trial.refresh_from_db()
        assert trial.status == TrialStatus.COMPLETED
