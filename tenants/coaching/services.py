"""Writes on coaching (idécoachning): who coaches an idea, coach notes, agreed next steps.

Every service validates first and raises ``ValidationError`` keyed by field
with a Swedish message; the change and its audit event are written in one
transaction.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts.models import Membership, Person, Role
from shared.core import tenancy
from tenants.audit.services import audit_event_record, snapshot
from tenants.coaching.models import CoachAssignment, CoachNote, NextStep
from tenants.ideas.models import Idea

# Who may coach an idea, by their role in the organisation.
COACH_ROLES = (Role.COACH, Role.ADMIN)
# Who may own a next step: anyone who takes part in the lock (viewers only read).
STEP_OWNER_ROLES = (Role.ADMIN, Role.COACH, Role.COUNCIL_MEMBER, Role.STAFF)
NOTE_MAX_LENGTH = 10_000
DESCRIPTION_MAX_LENGTH = NextStep._meta.get_field("description").max_length or 300

NOTE_FIELDS = ["idea", "author", "body"]
STEP_FIELDS = ["idea", "description", "owner", "due_on", "done_at"]


# --- Coaches -----------------------------------------------------------------


@transaction.atomic
def coach_assign(*, idea: Idea, coach: Person, by: Person) -> CoachAssignment:
    """Make ``coach`` the idea's coach; the current coach's assignment ends, its history stays.

    The coach must be an active coach or admin of this organisation. Assigning
    the idea's current coach again changes nothing.
    """
    if not _is_member(coach, COACH_ROLES):
        raise ValidationError(
            {"coach": _("Välj en idécoach eller administratör i organisationen.")}
        )
    current = _current_assignment_locked(idea)
    if current is not None and current.coach_id == coach.pk:
        return current
    if current is not None:
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
    assignment = CoachAssignment.objects.create(idea=idea, coach=coach, assigned_by=by)
    audit_event_record(
        actor=by,
        action="coach.assigned",
        obj=idea,
        before=_coach_state(current),
        after=_coach_state(assignment),
    )
    return assignment


@transaction.atomic
def coach_unassign(*, idea: Idea, by: Person) -> CoachAssignment | None:
    """End the idea's current coach assignment; return it, or None if the idea had no coach."""
    current = _current_assignment_locked(idea)
    if current is None:
        return None
    current.ended_at = timezone.now()
    current.save(update_fields=["ended_at"])
    audit_event_record(
        actor=by,
        action="coach.unassigned",
        obj=idea,
        before=_coach_state(current),
        after=_coach_state(None),
    )
    return current


def _current_assignment_locked(idea: Idea) -> CoachAssignment | None:
    # Lock the idea so two assignments at once are serialised, not a constraint error.
    Idea.objects.select_for_update().filter(pk=idea.pk).values_list("pk").first()
    return (
        CoachAssignment.objects.select_related("coach")
        .filter(idea=idea, ended_at__isnull=True)
        .first()
    )


def _coach_state(assignment: CoachAssignment | None) -> dict[str, Any]:
    if assignment is None:
        return {"coach": None, "coach_name": ""}
    return {"coach": assignment.coach_id, "coach_name": cast(Person, assignment.coach).full_name}


# --- Notes -------------------------------------------------------------------


@transaction.atomic
def coach_note_add(*, idea: Idea, author: Person, body: str) -> CoachNote:
    """Keep an internal coach note (coachanteckning) with the idea; never shown on the portal."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Skriv en anteckning.")})
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Anteckningen får vara högst %(max)d tecken.") % {"max": NOTE_MAX_LENGTH}}
        )
    note = CoachNote.objects.create(idea=idea, author=author, body=body)
    audit_event_record(
        actor=author, action="coach_note.added", obj=note, after=snapshot(note, NOTE_FIELDS)
    )
    return note


# --- Next steps --------------------------------------------------------------


@transaction.atomic
def next_step_add(
    *, idea: Idea, description: str, owner: Person, due_on: datetime.date, by: Person
) -> NextStep:
    """Agree a next step (nästa steg) with an owner and a due date, today or later."""
    description = " ".join(description.split())
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = _("Beskriv nästa steg.")
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("Beskrivningen får vara högst %(max)d tecken.") % {
            "max": DESCRIPTION_MAX_LENGTH
        }
    if not _is_member(owner, STEP_OWNER_ROLES):
        errors["owner"] = _("Välj en ansvarig som är medlem i organisationen.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("Datumet har redan passerat. Välj i dag eller ett senare datum.")
    if errors:
        raise ValidationError(errors)
    step = NextStep.objects.create(
        idea=idea, description=description, owner=owner, due_on=due_on, created_by=by
    )
    audit_event_record(
        actor=by, action="next_step.added", obj=step, after=snapshot(step, STEP_FIELDS)
    )
    return step


@transaction.atomic
def next_step_complete(*, step: NextStep, by: Person) -> NextStep:
    """Mark a next step done; a step already done stays as it was."""
    return _set_done(step, done=True, by=by)


@transaction.atomic
def next_step_reopen(*, step: NextStep, by: Person) -> NextStep:
    """Open a done next step again; a step still open stays as it was."""
    return _set_done(step, done=False, by=by)


def _set_done(step: NextStep, *, done: bool, by: Person) -> NextStep:
    locked = NextStep.objects.select_for_update().get(pk=step.pk)
    if (locked.done_at is not None) == done:
        step.done_at = locked.done_at
        return step
    before = snapshot(locked, ["done_at"])
    locked.done_at = timezone.now() if done else None
    locked.save(update_fields=["done_at"])
    step.done_at = locked.done_at
    audit_event_record(
        actor=by,
        action="next_step.completed" if done else "next_step.reopened",
        obj=locked,
        before=before,
        after=snapshot(locked, ["done_at"]),
    )
    return step


# --- Helpers -----------------------------------------------------------------


def _is_member(person: Person | None, roles: tuple[str, ...]) -> bool:
    """Tell whether ``person`` is an active member of this organisation with one of ``roles``."""
    if person is None or person.pk is None:
        return False
    return (
        Membership.objects.active()
        .filter(
            person_id=person.pk,
            organization__schema_name=tenancy.current_schema_name(),
            role__in=roles,
        )
        .exists()
    )
