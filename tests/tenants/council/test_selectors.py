"""The idea council's reads: budget status, meetings, decisions, ideas ready for the council."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.council import selectors, services
from tenants.council.models import Decision
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tenants.trials.models import Evaluation, Trial
from tests.factories import make_idea, stage
from tests.tenants.council import make

pytestmark = pytest.mark.django_db


def trial_with_cost(decision: Decision, cost: str | None) -> Trial:
    """A trial the decision paid for, evaluated at ``cost`` kr (None: not evaluated yet)."""
    trial = Trial.objects.create(
        idea=decision.idea,
        decision=decision,
        title="Test i tre enheter",
        goal="Mindre matsvinn",
        hypothesis="Mindre portioner minskar svinnet",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    if cost is not None:
        Evaluation.objects.create(
            trial=trial,
            summary="Det fungerade.",
            actual_cost_sek=Decimal(cost),
            recommendation="implement",
            evaluated_on=datetime.date(2026, 7, 1),
        )
    return trial


def queries_of(action: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


class TestBudgetStatus:
    def test_budget_granted_spent_and_remaining_of_a_year(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)
        first = make.decide(admin, make.item(admin), amount_granted_sek=Decimal("300000"))
        second = make.decide(admin, make.item(admin), amount_granted_sek=Decimal("100000.50"))
        trial_with_cost(first, "120000.25")
        trial_with_cost(second, "80000")
        trial_with_cost(second, None)

        status = selectors.budget_status(year=2026)

        assert status.budget == Decimal("500000.00")
        assert status.granted == Decimal("400000.50")
        assert status.spent == Decimal("200000.25")
        assert status.remaining == Decimal("99999.50")
        assert status.is_set is True
        assert all(
            isinstance(value, Decimal)
            for value in (status.budget, status.granted, status.spent, status.remaining)
        )

    def test_other_years_do_not_count(self, in_tenant_a, admin):
        services.budget_set(year=2025, amount_sek=Decimal("900000"), by=admin)
        last_year = make.decide(
            admin,
            make.item(admin),
            amount_granted_sek=Decimal("50000"),
            decided_on=datetime.date(2025, 12, 31),
        )
        trial_with_cost(last_year, "40000")

        status = selectors.budget_status(year=2026)

        assert (status.budget, status.granted, status.spent, status.remaining) == (0, 0, 0, 0)
        assert status.is_set is False
        assert selectors.budget_status(year=2025).spent == Decimal("40000")

    def test_a_year_overspent_with_a_reason_has_negative_remaining(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("1000"), by=admin)
        make.decide(
            admin,
            make.item(admin),
            amount_granted_sek=Decimal("1500"),
            budget_override_reason="Beslut i kommunstyrelsen.",
        )

        assert selectors.budget_status(year=2026).remaining == Decimal("-500.00")


class TestMeetings:
    def test_lists_meetings_latest_first_with_items_and_decisions_counted(self, in_tenant_a, admin):
        earlier = make.meeting(admin, held_on=datetime.date(2026, 2, 1))
        later = make.meeting(admin, held_on=datetime.date(2026, 5, 1))
        decided = make.item(admin, at=later)
        make.item(admin, at=later)
        make.decide(admin, decided, kind="broaden")

        meetings = list(selectors.meeting_list())

        assert [m.pk for m in meetings] == [later.pk, earlier.pk]
        assert (meetings[0].item_count, meetings[0].decision_count) == (2, 1)  # type: ignore[attr-defined]
        assert (meetings[1].item_count, meetings[1].decision_count) == (0, 0)  # type: ignore[attr-defined]

    def test_a_meeting_with_ten_items_costs_as_many_queries_as_one_with_one(
        self, in_tenant_a, admin
    ):
        def read(pk: int) -> None:
            meeting = selectors.meeting_get(pk=pk)
            for item in meeting.agenda_items.all():
                _ = (item.idea.title, item.idea.stage.name, item.stage_when_set.name)
                _ = getattr(item, "decision", None)

        small = make.meeting(admin)
        make.decide(admin, make.item(admin, at=small), kind="broaden")
        large = make.meeting(admin)
        for _ in range(10):
            make.decide(admin, make.item(admin, at=large), kind="broaden")
            make.item(admin, at=large)

        assert queries_of(lambda: read(large.pk)) == queries_of(lambda: read(small.pk)) <= 3

    def test_the_agenda_comes_in_order(self, in_tenant_a, coach):
        meeting = make.meeting(coach)
        first, second = make.item(coach, at=meeting), make.item(coach, at=meeting)
        services.agenda_reorder(meeting=meeting, item_ids=[second.pk, first.pk], by=coach)

        agenda = list(selectors.meeting_get(pk=meeting.pk).agenda_items.all())

        assert [item.pk for item in agenda] == [second.pk, first.pk]


class TestDecisionList:
    def test_latest_first_and_by_year(self, in_tenant_a, admin):
        meeting = make.meeting(admin)
        old = make.decide(
            admin, make.item(admin, at=meeting), kind="park", decided_on=datetime.date(2025, 3, 1)
        )
        first = make.decide(admin, make.item(admin, at=meeting), kind="park")
        second = make.decide(admin, make.item(admin, at=meeting), kind="park")

        assert [d.pk for d in selectors.decision_list()] == [second.pk, first.pk, old.pk]
        assert [d.pk for d in selectors.decision_list(year=2025)] == [old.pk]
        assert selectors.decision_years() == [2026, 2025]

    def test_the_public_list_reads_no_column_about_people(self, in_tenant_a, admin):
        make.decide(admin, make.item(admin), kind="park")

        decision = selectors.decision_list(public=True).get()

        assert {"recorded_by_id", "budget_override_reason"} <= decision.get_deferred_fields()
        assert {"submitted_by_id", "contact_id", "description"} <= (
            decision.idea.get_deferred_fields()
        )
        assert decision.idea.title

    def test_a_page_of_decisions_costs_one_query(self, in_tenant_a, admin):
        meeting = make.meeting(admin)
        for _ in range(5):
            make.decide(admin, make.item(admin, at=meeting), kind="park")

        def read_all() -> None:
            for decision in selectors.decision_list():
                _ = (decision.idea.title, decision.idea.stage.key, decision.agenda_item.meeting_id)
            for decision in selectors.decision_list(public=True):
                _ = (decision.idea.title, decision.idea.registration_number)

        assert queries_of(read_all) == 2


class TestIdeasReadyForAgenda:
    def test_open_ideas_not_on_a_planned_agenda(self, in_tenant_a, coach):
        waiting = make_idea()
        in_test = make.idea_in("test", coach)
        declined = make_idea()
        idea_services.idea_move(idea=declined, to_stage=stage("declined"), by=coach, reason="Nej")
        implemented = make_idea()
        Idea.objects.filter(pk=implemented.pk).update(stage=stage("implemented"))
        duplicate = make_idea()
        idea_services.idea_merge(duplicate=duplicate, into=waiting, by=coach)
        planned = make.item(coach).idea
        held_meeting = make.meeting(coach)
        from_held = make.item(coach, at=held_meeting).idea
        services.meeting_update(meeting=held_meeting, status="held", by=coach)

        ready = set(selectors.ideas_ready_for_agenda())

        assert {waiting, in_test, from_held} <= ready
        assert not {declined, implemented, duplicate, planned} & ready
