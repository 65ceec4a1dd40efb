"""Where a person leaves traces: every model of a schema, found by introspection, not by a list.

A trace is a row that points at the person (a foreign key to their ``Person``
in ``public`` or to their portal ``Contact`` in an organisation's schema) or
whose text names them (their e-mail address or their name, anywhere in a text
or JSON column). New models are covered without changing this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from shared.accounts.models import Person

# Both audit logs refuse UPDATE and DELETE (tenants/audit migration 0002, shared/core
# migration 0005, decision 0018): they never hold a name or an e-mail, only person ids
# (pseudonyms, decision 0014). Erasure reports a row that does instead of changing it.
APPEND_ONLY = frozenset({"audit.auditevent", "core.auditentry"})
# Values that are secrets, not data about the person: never exported.
SECRET_FIELDS = frozenset({"password", "access_token", "key_hash", "session_data"})
# Requests are handled on their own (privacy.services), not scanned as traces.
SKIPPED = frozenset({"privacy.subjectrequest"})
# Names shorter than this would match other people's text by chance.
MIN_NAME_LENGTH = 5
TEXT_FIELDS = (models.CharField, models.TextField)


@dataclass(frozen=True)
class Subject:
    """Who is asked for in one schema: ids that point at them and strings that name them."""

    email: str
    person_ids: frozenset[int] = frozenset()
    contact_ids: frozenset[int] = frozenset()
    names: frozenset[str] = frozenset()

    @property
    def needles(self) -> list[str]:
        """The strings that name the person, longest first (an e-mail before a name in it)."""
        names = {" ".join(name.split()) for name in self.names}
        wanted = {self.email} | {name for name in names if len(name) >= MIN_NAME_LENGTH}
        return sorted(wanted, key=lambda needle: (-len(needle), needle))


@dataclass
class ModelTraces:
    """What to look for in one model: which columns point at the person and which hold text."""

    model: type[models.Model]
    person_fields: list[models.Field] = field(default_factory=list)
    contact_fields: list[models.Field] = field(default_factory=list)
    text_fields: list[models.Field] = field(default_factory=list)
    json_fields: list[models.Field] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def query(self, subject: Subject) -> Q:
        """Rows of the model that point at or name ``subject``."""
        found = Q(pk__in=[])
        if self.model is Person and subject.person_ids:
            found |= Q(pk__in=subject.person_ids)
        if self.label == "contacts.contact" and subject.contact_ids:
            found |= Q(pk__in=subject.contact_ids)
        for column in self.person_fields:
            if subject.person_ids:
                found |= Q(**{f"{column.attname}__in": subject.person_ids})
        for column in self.contact_fields:
            if subject.contact_ids:
                found |= Q(**{f"{column.attname}__in": subject.contact_ids})
        for needle in subject.needles:
            for column in self.text_fields:
                found |= Q(**{f"{column.name}__icontains": needle})
            for column in self.json_fields:
                found |= Q(**{f"_text_{column.name}__icontains": needle})
        return found

    def queryset(self, subject: Subject) -> models.QuerySet[models.Model]:
        rows = self.model._default_manager.all()
        for column in self.json_fields:
            rows = rows.annotate(**{f"_text_{column.name}": Cast(column.name, models.TextField())})
        return rows.filter(self.query(subject))


def _is_person(related: object) -> bool:
    return related is Person


def _is_contact(related: object) -> bool:
    return getattr(getattr(related, "_meta", None), "label_lower", "") == "contacts.contact"


def model_traces(*, public: bool) -> list[ModelTraces]:
    """Every model whose table exists in ``public`` (or in an organisation's schema otherwise)."""
    app_names = set(settings.SHARED_APPS if public else settings.TENANT_APPS)
    found: list[ModelTraces] = []
    for config in apps.get_app_configs():
        if config.name not in app_names:
            continue
        for model in config.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed or meta.label_lower in SKIPPED:
                continue
            traces = ModelTraces(model=model)
            for column in meta.concrete_fields:
                if column.is_relation and _is_person(column.related_model):
                    traces.person_fields.append(column)
                elif column.is_relation and _is_contact(column.related_model):
                    traces.contact_fields.append(column)
                elif isinstance(column, models.JSONField):
                    traces.json_fields.append(column)
                elif isinstance(column, TEXT_FIELDS) and column.name not in SECRET_FIELDS:
                    traces.text_fields.append(column)
            if (
                traces.person_fields
                or traces.contact_fields
                or traces.text_fields
                or traces.json_fields
            ):
                found.append(traces)
    return found


def traces_in_schema(*, subject: Subject, public: bool) -> Iterator[tuple[ModelTraces, list]]:
    """Yield each model with the rows (as dicts of column values) that trace ``subject``."""
    for traces in model_traces(public=public):
        rows = list(
            traces.queryset(subject).values(
                *[
                    column.attname
                    for column in traces.model._meta.concrete_fields
                    if column.name not in SECRET_FIELDS
                ]
            )
        )
        if rows:
            yield traces, rows


def pattern_for(needle: str) -> str:
    """A PostgreSQL regular expression that matches ``needle`` literally."""
    return re.sub(r"([^\w@ -])", r"\\\1", needle)
