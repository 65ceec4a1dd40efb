"""Writes on the organisation's audit log (granskningslogg): append only.

Every tenant-side service that changes something a municipality may be asked
about calls ``audit_event_record`` inside its own transaction, so the change
and its audit row are committed together or not at all. Nothing updates or
deletes audit rows; the database refuses it (migration 0002).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models.fields.related import ForeignKey
from django.utils.functional import Promise
from django_tenants.utils import get_public_schema_name

from network.figures import hooks as figures_hooks
from shared.core import tenancy
from tenants.audit.models import AuditEvent

LABEL_MAX_LENGTH = 300


def audit_event_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Append who did ``action`` to ``obj``, with what it was ``before`` and ``after``.

    Call it inside the transaction of the change. ``actor`` is the Person who
    acted (None or an anonymous user for the system or a portal visitor);
    ``action`` is ``"<entity>.<past tense>"``, e.g. ``"next_step.completed"``.
    Values are made JSON-safe: dates, times, decimals and UUIDs become text,
    model instances their primary key. ``label`` names the object in the log
    instead of ``str(obj)``, for objects whose text holds what the log should
    not keep (a contact's e-mail). Runs in an organisation's schema only.
    """
    if tenancy.current_schema_name() == get_public_schema_name():
        raise RuntimeError("audit_event_record writes to an organisation's schema, not public.")
    if obj.pk is None:
        raise ValueError("Record the audit event after the object is saved: it has no id yet.")
    # Every audited change may change the national figures: recount after commit.
    figures_hooks.organization_changed()
    return AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None) if getattr(actor, "is_authenticated", True) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=(str(obj) if label is None else label)[:LABEL_MAX_LENGTH],
        before=json_safe(dict(before or {})),
        after=json_safe(dict(after or {})),
    )


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return ``obj``'s values of ``fields``, JSON-safe, for ``before`` or ``after``.

    A foreign key is given by its name (``"owner"``) and recorded as the id it
    points at, without loading the related row; a many-to-many field as the
    sorted ids it holds (one query each, on a saved object).
    """
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
        elif isinstance(field, ForeignKey):
            values[name] = getattr(obj, field.attname)
        else:
            values[name] = getattr(obj, name)
    return json_safe(values)


def json_safe(value: Any) -> Any:
    """Return ``value`` with everything JSON cannot hold turned into text (or an id)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | Promise):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item) for item in value]
    return str(value)
