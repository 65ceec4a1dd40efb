"""Reads on coaching (idécoachning): a coach's ideas, an idea's coaches, notes and next steps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from shared.accounts.models import Membership, Person
from shared.core import tenancy
from tenants.coaching.models import CoachAssignment, CoachNote, NextStep
from tenants.coaching.services import COACH_ROLES, STEP_OWNER_ROLES
from tenants.ideas.models import Idea

# A step due within this many days from today is "due soon".
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class StepRow:
    """An open next step with what the coach should notice about it."""

    step: NextStep
    is_overdue: bool
    is_due_soon: bool


@dataclass(frozen=True)
class WorkspaceIdea:
    """One of a coach's current ideas with its open next steps, soonest due first."""

    idea: Idea
    assignment: CoachAssignment
    steps: list[StepRow] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(row.is_overdue for row in self.steps)

    @property
    def due_soon_count(self) -> int:
        return sum(row.is_due_soon for row in self.steps)

    @property
    def next_due_on(self) -> datetime.date | None:
        return self.steps[0].step.due_on if self.steps else None


def coach_workspace(*, coach: Person, today: datetime.date | None = None) -> list[WorkspaceIdea]:
    """The coach's current ideas ("Mina idéer"), the most urgent first.

    Each idea carries its open next steps ordered by due date, flagged overdue
    (due before today) or due soon (within seven days). Two queries, however
    many ideas and steps.
    """
    today = today or timezone.localdate()
    open_steps = (
        NextStep.objects.filter(done_at__isnull=True)
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    assignments = (
        CoachAssignment.objects.filter(coach=coach, ended_at__isnull=True)
        .select_related("idea", "idea__stage")
        .prefetch_related(Prefetch("idea__next_steps", queryset=open_steps, to_attr="open_steps"))
        .order_by("assigned_at", "pk")
    )
    rows = [
        WorkspaceIdea(
            idea=assignment.idea,
            assignment=assignment,
            steps=[_step_row(step, today) for step in assignment.idea.open_steps],  # type: ignore[attr-defined]
        )
        for assignment in assignments
    ]
    # Ideas with a step due first, the earliest first; ideas without steps after them.
    return sorted(rows, key=lambda row: (row.next_due_on is None, row.next_due_on or today))


def _step_row(step: NextStep, today: datetime.date) -> StepRow:
    return StepRow(
        step=step,
        is_overdue=step.due_on < today,
        is_due_soon=today <= step.due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS),
    )


def step_rows(steps: list[NextStep], *, today: datetime.date | None = None) -> list[StepRow]:
    """Flag ``steps`` as the workspace does; a done step is neither overdue nor due soon."""
    today = today or timezone.localdate()
    return [
        _step_row(step, today) if step.done_at is None else StepRow(step, False, False)
        for step in steps
    ]


def coach_history(*, idea: Idea) -> list[CoachAssignment]:
    """Every coach the idea has had, the first first, the current one (no end) last."""
    return list(
        CoachAssignment.objects.filter(idea=idea)
        .select_related("coach", "assigned_by")
        .order_by("assigned_at", "pk")
    )


def current_coach(*, idea: Idea) -> Person | None:
    """The idea's coach now, or None."""
    assignment = (
        CoachAssignment.objects.filter(idea=idea, ended_at__isnull=True)
        .select_related("coach")
        .first()
    )
    return cast(Person, assignment.coach) if assignment else None


def coach_notes(*, idea: Idea) -> QuerySet[CoachNote]:
    """The idea's coach notes, newest first, with their authors."""
    notes = CoachNote.objects.filter(idea=idea).select_related("author")
    return notes.order_by("-created_at", "-pk")


def next_steps(*, idea: Idea, status: str | None = None) -> QuerySet[NextStep]:
    """The idea's next steps: open ones by due date, then done ones, most recently done first.

    ``status`` "open" or "done" keeps only those.
    """
    steps = NextStep.objects.filter(idea=idea).select_related("owner")
    if status == "open":
        steps = steps.filter(done_at__isnull=True)
    elif status == "done":
        steps = steps.filter(done_at__isnull=False)
    return steps.order_by(F("done_at").desc(nulls_first=True), "due_on", "pk")


def next_steps_due(*, on: datetime.date) -> QuerySet[NextStep]:
    """Open next steps due on or before ``on`` that were not reminded about on ``on``."""
    return (
        NextStep.objects.filter(done_at__isnull=True, due_on__lte=on)
        .exclude(reminded_on=on)
        .order_by("owner_id", "due_on", "pk")
    )


def next_step_get(*, pk: int, idea: Idea | None = None) -> NextStep:
    """One next step (of ``idea``, if given); raises NextStep.DoesNotExist."""
    steps = NextStep.objects.select_related("idea", "owner")
    if idea is not None:
        steps = steps.filter(idea=idea)
    return steps.get(pk=pk)


def idea_get(*, pk: int) -> Idea:
    """The idea a coaching page or endpoint is about; raises Idea.DoesNotExist."""
    return Idea.objects.select_related("stage").get(pk=pk)


def eligible_coaches() -> list[Person]:
    """Active coaches and admins of this organisation, by name: who may be assigned."""
    return _members_with(COACH_ROLES)


def eligible_step_owners() -> list[Person]:
    """Active members who take part in the lock, by name: who may own a next step."""
    return _members_with(STEP_OWNER_ROLES)


def _members_with(roles: tuple[str, ...]) -> list[Person]:
    memberships = (
        Membership.objects.active()
        .filter(organization__schema_name=tenancy.current_schema_name(), role__in=roles)
        .select_related("person")
        .order_by("person__full_name", "person_id")
    )
    return [membership.person for membership in memberships]


def person_find(*, pk: int) -> Person | None:
    """The person with ``pk``, or None; whether they may take part is the service's to say."""
    return Person.objects.filter(pk=pk).first()
