"""Reads on the organisation's audit log (granskningslogg)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from shared.accounts.models import Person
from tenants.audit.models import AuditEvent


def audit_event_list(
    *,
    actor_id: int | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    since: datetime.date | datetime.datetime | None = None,
    until: datetime.date | datetime.datetime | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events, newest first, filtered by who, what, which object and when.

    ``since`` and ``until`` are inclusive; a date means the whole day in the
    organisation's time zone, a datetime that instant.
    """
    events = AuditEvent.objects.order_by("-at", "-pk")
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id not in (None, ""):
        events = events.filter(object_id=str(object_id))
    if since is not None:
        events = events.filter(at__gte=_start(since))
    if until is not None:
        if isinstance(until, datetime.datetime):
            events = events.filter(at__lte=until)
        else:
            events = events.filter(at__lt=_start(until + datetime.timedelta(days=1)))
    return events


def audit_actions() -> list[str]:
    """Every action the log holds, for a filter's choices."""
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_object_types() -> list[str]:
    """Every object type the log holds, for a filter's choices."""
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


def audit_actors(*, events: Iterable[AuditEvent]) -> dict[int, Person]:
    """The people who acted in ``events``, by id: one query on the public schema's people."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    return {person.pk: person for person in Person.objects.filter(pk__in=ids)}


def audit_actor_names(*, events: QuerySet[AuditEvent]) -> dict[int, str]:
    """The names of everyone who acted in ``events`` (a queryset of any size), in one query."""
    people = Person.objects.filter(pk__in=events.order_by().values("actor_id")).values_list(
        "pk", "full_name"
    )
    return dict(people)


def audit_actor_choices() -> list[Person]:
    """Everyone who appears in the log as having acted, by name, in one query."""
    return list(
        Person.objects.filter(pk__in=AuditEvent.objects.values("actor_id")).order_by(
            "full_name", "pk"
        )
    )


@dataclass(frozen=True)
class Change:
    """One field of an audit event: what it was, and what it became."""

    field: str
    before: Any
    after: Any


def audit_event_changes(event: AuditEvent) -> list[Change]:
    """The fields whose value differs between ``before`` and ``after``, in recorded order.

    A field recorded on one side only counts as changed (created or removed).
    """
    before, after = event.before or {}, event.after or {}
    names = list(before) + [name for name in after if name not in before]
    return [
        Change(field=name, before=before.get(name), after=after.get(name))
        for name in names
        if name not in before or name not in after or before[name] != after[name]
    ]


def _start(moment: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    return timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min))
