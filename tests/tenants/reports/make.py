"""Rows for report tests, stored directly: call inside an organisation's schema.

Reports only read other apps' tables, so these helpers write exactly the rows
a test describes (timestamps in the past included), without the services'
rules and side effects.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from tenants.activities.models import Activity, Participant
from tenants.calls.models import IdeaCall
from tenants.coaching.models import CoachAssignment
from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting
from tenants.ideas.models import Idea, Stage, StageChange
from tenants.trials.models import Evaluation, Trial

_numbers = itertools.count(1)


def at(day: datetime.date, hour: int = 12, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An instant on ``day`` in Swedish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def clear() -> None:
    """Delete every row the reports read, in an order the PROTECT references allow."""
    Participant.objects.all().delete()
    Activity.objects.all().delete()
    Evaluation.objects.all().delete()
    Trial.objects.all().delete()
    Decision.objects.all().delete()
    AgendaItem.objects.all().delete()
    Meeting.objects.all().delete()
    CouncilBudget.objects.all().delete()
    CoachAssignment.objects.all().delete()
    StageChange.objects.all().delete()
    Idea.objects.all().delete()
    IdeaCall.objects.all().delete()


def stages() -> dict[str, Stage]:
    return {stage.key: stage for stage in Stage.objects.all()}


@dataclass
class IdeaSpec:
    """An idea as a test describes it; ``moves`` are (stage key, instant) after submission."""

    created_at: datetime.datetime
    stage: str = "received"
    audience: str = "staff"
    gender: str = ""
    call: IdeaCall | None = None
    title: str = ""
    moves: Sequence[tuple[str, datetime.datetime]] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def ideas(specs: Sequence[IdeaSpec], *, submitted_by: Any) -> list[Idea]:
    """Store ideas with their creation time and stage history (entry first, then ``moves``)."""
    by_key = stages()
    made = []
    for spec in specs:
        n = next(_numbers)
        made.append(
            Idea(
                registration_number=f"R-{n}",
                registration_year=2000 + n // 100_000,
                registration_sequence=n,
                title=spec.title or f"Idé {n}",
                description="En idé",
                audience=spec.audience,
                submitter_gender=spec.gender,
                stage=by_key[spec.stage],
                call=spec.call,
                submitted_by=submitted_by,
                submission_fingerprint=f"report-{n}",
                **spec.extra,
            )
        )
    Idea.objects.bulk_create(made)
    if not made:
        return made
    Idea.objects.filter(pk__in=[i.pk for i in made]).update(
        created_at=Case(
            *[When(pk=i.pk, then=Value(s.created_at)) for i, s in zip(made, specs, strict=True)],
            output_field=DateTimeField(),
        )
    )
    changes, times = [], []
    entry = Stage.objects.get(is_entry=True)
    for idea, spec in zip(made, specs, strict=True):
        previous = entry
        changes.append(StageChange(idea=idea, from_stage=None, to_stage=entry))
        times.append(spec.created_at)
        for key, moved_at in spec.moves:
            changes.append(StageChange(idea=idea, from_stage=previous, to_stage=by_key[key]))
            times.append(moved_at)
            previous = by_key[key]
    StageChange.objects.bulk_create(changes)
    StageChange.objects.filter(pk__in=[c.pk for c in changes]).update(
        at=Case(
            *[When(pk=c.pk, then=Value(t)) for c, t in zip(changes, times, strict=True)],
            output_field=DateTimeField(),
        )
    )
    for idea, spec in zip(made, specs, strict=True):
        idea.created_at = spec.created_at
    return made


def call(title: str, opens_on: datetime.date, closes_on: datetime.date) -> IdeaCall:
    return IdeaCall.objects.create(
        title=title, problem="Problemet", opens_on=opens_on, closes_on=closes_on
    )


def coach_assignments(idea: Idea, count: int, *, coach: Any) -> None:
    """``count`` assignments, all but the last one ended."""
    for n in range(count):
        CoachAssignment.objects.create(
            idea=idea, coach=coach, ended_at=None if n == count - 1 else timezone.now()
        )


def decision(idea: Idea, kind: str, amount: Decimal | int, decided_on: datetime.date) -> Decision:
    """A decision on ``idea`` at a meeting of its own."""
    n = next(_numbers)
    meeting = Meeting.objects.create(held_on=decided_on, title=f"Sammanträde {n}")
    item = AgendaItem.objects.create(
        meeting=meeting,
        idea=idea,
        position=1,
        preparation_memo="Beredning",
        stage_when_set=idea.stage,
        stage_changed_at_when_set=timezone.now(),
    )
    return Decision.objects.create(
        agenda_item=item,
        idea=idea,
        kind=kind,
        amount_granted_sek=Decimal(amount),
        rationale="Motivering",
        registration_number=f"B-{n}",
        registration_year=decided_on.year,
        registration_sequence=n,
        decided_on=decided_on,
    )


def trial(
    idea: Idea,
    *,
    kind: str = "test",
    status: str = "planned",
    starts_on: datetime.date,
    ends_on: datetime.date,
    recommendation: str | None = None,
    evaluated_on: datetime.date | None = None,
) -> Trial:
    made = Trial.objects.create(
        idea=idea,
        kind=kind,
        status=status,
        title=f"Test av {idea.title}",
        goal="Mål",
        hypothesis="Hypotes",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if recommendation:
        Evaluation.objects.create(
            trial=made,
            summary="Resultat",
            recommendation=recommendation,
            evaluated_on=evaluated_on or ends_on,
        )
    return made


def activity(
    kind: str,
    held_on: datetime.date,
    *,
    head_count: int | None = None,
    participants: Sequence[tuple[str, bool, Any]] = (),
) -> Activity:
    """An activity; ``participants`` are (role, attended, person or None)."""
    made = Activity.objects.create(
        kind=kind, title=f"Aktivitet {next(_numbers)}", held_on=held_on, head_count=head_count
    )
    Participant.objects.bulk_create(
        Participant(
            activity=made, name=f"Deltagare {n}", role=role, attended=attended, person=person
        )
        for n, (role, attended, person) in enumerate(participants)
    )
    return made


def budget(year: int, amount: Decimal | int) -> CouncilBudget:
    return CouncilBudget.objects.create(year=year, amount_sek=Decimal(amount))
