"""Writes on activities (aktiviteter): workshops, trainings, network meetings, participants.

Every service validates first and raises ``ValidationError`` keyed by field
with a Swedish message; the change and its audit event are written in one
transaction. A participant's gender is self-declared, optional, and used
only in aggregates: it is never written to the audit log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from shared.accounts.people import stored_person
from tenants import municipalities
from tenants.activities.models import Activity, ActivityKind, Participant, ParticipantRole
from tenants.audit.services import audit_event_record, snapshot
from tenants.contacts.models import Gender
from tenants.ideas.models import Idea

TITLE_MAX_LENGTH = 200
NAME_MAX_LENGTH = 200
HEAD_COUNT_MAX = 100_000

ACTIVITY_FIELDS = [
    "kind",
    "title",
    "held_on",
    "description",
    "head_count",
    "head_count_women",
    "head_count_men",
    "head_count_managers",
    "municipality_code",
]
UPDATABLE_FIELDS = frozenset(ACTIVITY_FIELDS)
# Not the gender: see the module's docstring.
PARTICIPANT_FIELDS = ["activity", "person", "name", "role", "attended"]


@transaction.atomic
def activity_create(
    *,
    kind: str,
    title: str,
    held_on: datetime.date,
    description: str = "",
    head_count: int | None = None,
    head_count_women: int | None = None,
    head_count_men: int | None = None,
    head_count_managers: int | None = None,
    municipality_code: str | None = None,
    by: Person | None,
) -> Activity:
    """Register an activity, with a head count (optionally by gender) if people are not listed.

    ``head_count_managers`` says how many of the head count were managers, for
    a training whose participants are not registered one by one. In a group of
    municipalities the activity belongs to one of them: by default the home
    municipality of the member who registers it.
    """
    if municipality_code is None:
        municipality_code = municipalities.home_of(by)
    values = _validated(
        kind=kind,
        title=title,
        held_on=held_on,
        description=description,
        head_count=head_count,
        head_count_women=head_count_women,
        head_count_men=head_count_men,
        head_count_managers=head_count_managers,
        municipality_code=municipality_code,
    )
    activity = Activity.objects.create(**values, created_by=stored_person(by))
    audit_event_record(
        actor=by,
        action="activity.created",
        obj=activity,
        after=snapshot(activity, ACTIVITY_FIELDS),
    )
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, by: Person | None, **fields: Any) -> Activity:
    """Change what an activity says: kind, title, date, description or head counts."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"activity_update() cannot change {', '.join(sorted(unknown))}")
    current = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
    values = _validated(**{**current, **fields})
    changed = sorted(name for name, value in values.items() if value != current[name])
    if not changed:
        return activity
    before = snapshot(activity, changed)
    for name in changed:
        setattr(activity, name, values[name])
    activity.save(update_fields=changed)
    audit_event_record(
        actor=by,
        action="activity.updated",
        obj=activity,
        before=before,
        after=snapshot(activity, changed),
    )
    return activity


def _validated(
    *,
    kind: str,
    title: str,
    held_on: datetime.date | None,
    description: str,
    head_count: int | None,
    head_count_women: int | None,
    head_count_men: int | None,
    head_count_managers: int | None = None,
    municipality_code: str = "",
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    description = (description or "").strip()
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Välj vilken sorts aktivitet det är.")]
    if not title:
        errors["title"] = [_("Ange en rubrik.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}]
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = [_("Ange datumet för aktiviteten.")]
    counts = {
        "head_count": head_count,
        "head_count_women": head_count_women,
        "head_count_men": head_count_men,
        "head_count_managers": head_count_managers,
    }
    for name, value in counts.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            errors[name] = [_("Ange ett heltal.")]
        elif value < 0:
            errors[name] = [_("Antalet kan inte vara negativt.")]
        elif value > HEAD_COUNT_MAX:
            errors[name] = [_("Antalet är orimligt stort.")]
    if not errors.keys() & counts.keys():
        by_gender = (head_count_women or 0) + (head_count_men or 0)
        if head_count is None and (head_count_women is not None or head_count_men is not None):
            errors["head_count"] = [
                _("Ange antalet deltagare när du anger hur många som var kvinnor eller män.")
            ]
        elif head_count is not None and by_gender > head_count:
            errors["head_count"] = [
                _(
                    "Kvinnor och män är tillsammans %(by_gender)d, men antalet deltagare "
                    "är %(total)d. Antalet deltagare måste vara minst lika stort."
                )
                % {"by_gender": by_gender, "total": head_count}
            ]
        elif head_count is not None and (head_count_managers or 0) > head_count:
            errors["head_count_managers"] = [
                _("Antalet chefer kan inte vara större än antalet deltagare (%(total)d).")
                % {"total": head_count}
            ]
    municipality_code = (municipality_code or "").strip()
    if municipality_errors := municipalities.errors_for(municipality_code):
        errors["municipality_code"] = municipality_errors
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "held_on": held_on,
        "description": description,
        **counts,
        "municipality_code": municipality_code,
    }


# --- Ideas that came out of an activity ------------------------------------------


@transaction.atomic
def activity_link_idea(*, activity: Activity, idea: Idea, by: Person | None) -> Activity:
    """Record that ``idea`` came out of ``activity`` (a workshop, say); once is enough."""
    if activity.ideas.filter(pk=idea.pk).exists():
        raise ValidationError(
            {
                "idea": [
                    _("Idén %(number)s är redan kopplad till aktiviteten.")
                    % {"number": idea.registration_number}
                ]
            }
        )
    activity.ideas.add(idea)
    audit_event_record(
        actor=by,
        action="activity.idea_linked",
        obj=activity,
        after={"idea": idea.registration_number},
    )
    return activity


@transaction.atomic
def activity_unlink_idea(*, activity: Activity, idea: Idea, by: Person | None) -> Activity:
    """Take ``idea`` off the ideas that came out of ``activity``."""
    if not activity.ideas.filter(pk=idea.pk).exists():
        return activity
    activity.ideas.remove(idea)
    audit_event_record(
        actor=by,
        action="activity.idea_unlinked",
        obj=activity,
        before={"idea": idea.registration_number},
    )
    return activity


# --- Participants ------------------------------------------------------------------


@transaction.atomic
def participant_add(
    *,
    activity: Activity,
    name: str,
    role: str,
    gender: str = "",
    person: Person | None = None,
    attended: bool = True,
    by: Person | None,
) -> Participant:
    """Register a participant of an activity; a person from the organisation at most once."""
    name = " ".join((name or "").split())
    if not name and person is not None:
        name = person.full_name or person.email
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Ange deltagarens namn.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Namnet får vara högst %(max)d tecken.") % {"max": NAME_MAX_LENGTH}]
    if role not in ParticipantRole.values:
        errors["role"] = [_("Välj deltagarens roll.")]
    if gender not in [*Gender.values, ""]:
        errors["gender"] = [_("Välj kvinna, man, annat eller lämna fältet tomt.")]
    # Lock the activity so that the same person cannot be added twice at once.
    Activity.objects.select_for_update().filter(pk=activity.pk).values_list("pk").first()
    if person is not None and activity.participants.filter(person=person).exists():
        errors["person"] = [
            _("%(name)s är redan registrerad på aktiviteten.")
            % {"name": person.full_name or person.email}
        ]
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.create(
        activity=activity,
        person=person,
        name=name,
        role=role,
        gender=gender,
        attended=bool(attended),
    )
    audit_event_record(
        actor=by,
        action="participant.added",
        obj=participant,
        after=snapshot(participant, PARTICIPANT_FIELDS),
    )
    return participant


@transaction.atomic
def participant_set_attendance(
    *, participant: Participant, attended: bool, by: Person | None
) -> Participant:
    """Mark whether a registered participant came; nothing happens if it is already so."""
    attended = bool(attended)
    if participant.attended == attended:
        return participant
    participant.attended = attended
    participant.save(update_fields=["attended"])
    audit_event_record(
        actor=by,
        action="participant.attendance_set",
        obj=participant,
        before={"attended": not attended},
        after={"attended": attended},
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant, by: Person | None) -> None:
    """Remove a participant from an activity; the audit log keeps who it was."""
    audit_event_record(
        actor=by,
        action="participant.removed",
        obj=participant,
        before=snapshot(participant, PARTICIPANT_FIELDS),
    )
    participant.delete()
