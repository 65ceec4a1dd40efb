"""Trials for tests: call inside an organisation's schema."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tenants.council.models import AgendaItem, Decision, Meeting
from tenants.ideas.models import Idea
from tenants.trials import services
from tenants.trials.models import Evaluation, Trial

_numbers = itertools.count(1)


def days(n: int) -> datetime.date:
    """The date ``n`` days from today in Sweden (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def plan(idea: Idea, by: Any = None, **fields: Any) -> Trial:
    """A trial planned through ``trial_plan``: three units and two measures unless told."""
    values: dict[str, Any] = {
        "title": "Lådcyklar i tre hemtjänstgrupper",
        "goal": "Kortare restid mellan besöken.",
        "hypothesis": "Vi tror att lådcyklar ger kortare restid än bil i centrum.",
        "units": ["Hemtjänst Centrum", "Hemtjänst Norr", "Hemtjänst Söder"],
        "starts_on": days(-60),
        "ends_on": days(-1),
        "budget_sek": Decimal("150000.00"),
        "measures": [("Restid per besök", "under 10 minuter"), ("Nöjd personal", "minst 80 %")],
        **fields,
    }
    return services.trial_plan(idea=idea, **values, by=by)


def evaluate(
    trial: Trial, by: Any = None, recommendation: str = "implement", **fields: Any
) -> Evaluation:
    """Record an evaluation with a result for every measure."""
    values: dict[str, Any] = {
        "summary": "Restiden halverades.",
        "effects": "Mindre bilkörning.",
        "actual_cost_sek": Decimal("120000.50"),
        "lessons": "Cykelgarage behövs.",
        "recommendation": recommendation,
        "results": {m.pk: (f"Utfall {m.pk}", True) for m in trial.success_measures.all()},
        "evaluated_on": days(0),
        **fields,
    }
    return services.evaluation_record(trial=trial, **values, by=by)


def decision(idea: Idea, kind: str = "fund_test") -> Decision:
    """A council decision on ``idea``, stored as rows (the council's services have their rules)."""
    n = next(_numbers)
    meeting = Meeting.objects.create(held_on=days(-90), title=f"Sammanträde {n}")
    item = AgendaItem.objects.create(
        meeting=meeting,
        idea=idea,
        position=1,
        preparation_memo="Beredd.",
        stage_when_set=idea.stage,
        stage_changed_at_when_set=idea.stage_changed_at,
    )
    return Decision.objects.create(
        agenda_item=item,
        idea=idea,
        kind=kind,
        amount_granted_sek=Decimal("150000"),
        rationale="Bra idé.",
        registration_number=f"B-TEST-{n}",
        registration_year=2026,
        registration_sequence=9000 + n,
        decided_on=days(-90),
    )
