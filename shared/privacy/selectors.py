"""Reads on data subjects' requests."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from shared.accounts.models import Membership, Person
from shared.organizations.models import Organization
from shared.privacy.models import SubjectRequest


def subject_request_list() -> QuerySet[SubjectRequest]:
    """Requests, newest first, with who registered them."""
    return SubjectRequest.objects.select_related("requested_by").order_by("-created_at", "-pk")


def subject_request_get(*, pk: int) -> SubjectRequest:
    """One request; raises ``SubjectRequest.DoesNotExist``."""
    return subject_request_list().get(pk=pk)


def _kind_name(label: str) -> str:
    """A kind of record by its readable name: ``ideas.comment`` → "kommentarer"."""
    model_label, _sep, note = label.partition(" ")
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return label
    name = str(model._meta.verbose_name_plural)
    return f"{name} {note}" if note else name


def _places(schema_names: list[str]) -> dict[str, str]:
    """Each schema by the name of whose it is: an organisation, or the platform itself."""
    names = dict(
        Organization.objects.filter(schema_name__in=schema_names).values_list("schema_name", "name")
    )
    names[get_public_schema_name()] = _("Plattformen (gemensamma uppgifter)")
    return names


def export_summary(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The export as a readable list: per organisation, per kind of record, its rows."""
    schemas = {name: found for name, found in result.get("schemas", {}).items() if found}
    places = _places(list(schemas))
    return [
        {
            "schema": schema_name,
            "place": places.get(schema_name, schema_name),
            "kinds": [
                {"label": label, "name": _kind_name(label), "rows": rows, "count": len(rows)}
                for label, rows in sorted(found.items())
            ],
        }
        for schema_name, found in sorted(schemas.items())
    ]


def outcome_summary(outcome: dict[str, Any]) -> list[dict[str, Any]]:
    """What a request found or changed, counted: per organisation, per kind of record."""
    schemas = {name: counts for name, counts in outcome.get("schemas", {}).items() if counts}
    places = _places(list(schemas))
    return [
        {
            "schema": schema_name,
            "place": places.get(schema_name, schema_name),
            "kinds": [(_kind_name(label), count) for label, count in sorted(counts.items())],
        }
        for schema_name, counts in sorted(schemas.items())
    ]


def person_footprint(*, email: str) -> dict[str, int]:
    """What the platform holds under ``email`` in ``public``: accounts and their memberships."""
    people = Person.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower())
    return {
        "people": people.count(),
        "memberships": Membership.objects.filter(person__in=people).count(),
    }


def contacts_with_email(*, email: str) -> int:
    """How many portal contacts of the current organisation have ``email``."""
    from tenants.contacts.models import Contact

    return (
        Contact.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower()).count()
    )


def organization_count() -> int:
    """How many organisations a request for the whole platform goes through."""
    return Organization.objects.tenants().count()


def retention_upcoming(*, within_days: int) -> list[dict[str, Any]]:
    """Contacts retention takes within ``within_days``, by date, with what happens to them."""
    from shared.privacy import retention
    from tenants.contacts.models import Contact

    due = retention.retention_due(within_days=within_days)
    contacts = Contact.objects.in_bulk([item.contact_id for item in due])
    return [
        {
            "contact": contacts[item.contact_id],
            "action": item.action,
            "on": item.on,
            "ideas": item.ideas,
        }
        for item in due
        if item.contact_id in contacts
    ]


def retention_classes() -> list[tuple[str, list[str]]]:
    """Each retention class with the kinds of record in it, by readable name."""
    from shared.privacy import retention

    return [
        (
            str(kind.label),
            sorted(
                _kind_name(label) for label, held in retention.RETENTION.items() if held == kind
            ),
        )
        for kind in retention.RetentionClass
    ]
