"""Events in an organisation's lock, made through its own services (audit rows, on-commit hooks).

Call inside the organisation's schema (``tenant_context``). Refused events
(a move the pipeline does not allow, a trial of a closed idea) return None:
the property test draws freely and the services decide.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from tenants.council import services as council_services
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage
from tenants.trials import services as trial_services
from tenants.trials.models import Trial
from tests import factories

_numbers = itertools.count(1)
DAY = datetime.date(2025, 3, 10)


def submit(*, by: Any, audience: str = "staff", gender: str = "", call: Any = None) -> Idea:
    n = next(_numbers)
    return idea_services.idea_submit(
        title=f"Figurernas idé {n}",
        description=f"Beskrivning {n}.",
        audience=audience,
        submitted_by=by,
        submitter_gender=gender,
        call=call,
    )


def move(*, idea: Idea, stage_key: str, by: Any) -> Any:
    idea.refresh_from_db()
    try:
        return idea_services.idea_move(
            idea=idea, to_stage=Stage.objects.get(key=stage_key), by=by, reason="Prövat."
        )
    except ValidationError:
        return None


def decide(*, idea: Idea, kind: str, amount: int, by: Any, on: datetime.date = DAY) -> Any:
    idea.refresh_from_db()
    try:
        meeting = council_services.meeting_create(held_on=on, title=f"Möte {next(_numbers)}", by=by)
        item = council_services.agenda_item_add(
            meeting=meeting, idea=idea, preparation_memo="Beredning.", by=by
        )
        return council_services.decision_record(
            agenda_item=item,
            kind=kind,
            rationale="Motivering.",
            amount_granted_sek=Decimal(amount) if kind not in ("decline", "park") else Decimal(0),
            decided_on=on,
            by=by,
            budget_override_reason="Provet kräver det.",
        )
    except ValidationError:
        return None


def plan_trial(*, idea: Idea, by: Any, kind: str = "test", starts_on: datetime.date = DAY) -> Any:
    idea.refresh_from_db()
    try:
        return trial_services.trial_plan(
            idea=idea,
            title="Test",
            goal="Mål.",
            hypothesis="Hypotes.",
            units=["Enhet A"],
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=30),
            budget_sek=1000,
            measures=[("Nöjdhet", "80 %")],
            kind=kind,
            by=by,
        )
    except ValidationError:
        return None


def evaluate(*, trial: Trial, recommendation: str, by: Any) -> Any:
    trial.refresh_from_db()
    try:
        measure = trial.success_measures.get()
        return trial_services.evaluation_record(
            trial=trial,
            summary="Resultat.",
            effects="Effekter.",
            actual_cost_sek=900,
            lessons="Lärdomar.",
            recommendation=recommendation,
            results={measure.pk: ("85 %", True)},
            evaluated_on=trial.ends_on,
            by=by,
        )
    except ValidationError:
        return None


def admin_of(organization: Any) -> Any:
    return factories.MembershipFactory(organization=organization, role="admin").person
