"""Rows for council tests: call inside an organisation's schema."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tenants.council import services
from tenants.council.models import AgendaItem, Decision, Meeting
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tenants.trials.models import Evaluation, Trial
from tests.factories import make_idea, stage

DAY = datetime.date(2026, 3, 12)


def meeting(by: Any, **fields: Any) -> Meeting:
    values: dict[str, Any] = {"held_on": DAY, "title": "Idérådet mars", "location": "Rum 4"}
    return services.meeting_create(**{**values, **fields}, by=by)


def idea_in(stage_key: str, by: Any, **fields: Any) -> Idea:
    """An idea submitted through ``idea_submit`` and moved on to ``stage_key``."""
    idea = make_idea(**fields)
    if stage_key != idea.stage.key:
        idea_services.idea_move(
            idea=idea, to_stage=stage(stage_key), by=by, reason="Inför idérådet"
        )
    return idea


def item(by: Any, *, at: Meeting | None = None, idea: Idea | None = None) -> AgendaItem:
    """An idea in screening on the agenda of ``at`` (a new meeting unless given)."""
    return services.agenda_item_add(
        meeting=at or meeting(by),
        idea=idea or idea_in("screening", by),
        preparation_memo="Beredd av idécoachen.",
        by=by,
    )


def decide(by: Any, on: AgendaItem, **fields: Any) -> Decision:
    values: dict[str, Any] = {
        "kind": "fund_test",
        "rationale": "Bra idé, värd att testa.",
        "amount_granted_sek": Decimal("0"),
        "decided_on": DAY,
    }
    return services.decision_record(agenda_item=on, by=by, **{**values, **fields})


def evaluated_trial(idea: Idea) -> Trial:
    """A finished test of ``idea`` with its evaluation, recommending to implement it."""
    trial = Trial.objects.create(
        idea=idea,
        title="Test i tre enheter",
        goal="Mindre matsvinn",
        hypothesis="Mindre portioner minskar svinnet",
        starts_on=datetime.date(2026, 1, 10),
        ends_on=datetime.date(2026, 2, 28),
        status="completed",
    )
    Evaluation.objects.create(
        trial=trial,
        summary="Svinnet minskade med en tredjedel.",
        recommendation="implement",
        evaluated_on=datetime.date(2026, 3, 1),
    )
    return trial
