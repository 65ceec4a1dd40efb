"""Mail about the exchange: followers hear of co-signers, adoptions and evidence; a weekly digest.

Every mail is claimed before it is sent (``shared.core.deliveries``, decision
0013) and recorded (``NotificationDelivery``, ``DigestDelivery``) once sent: a
second run, two runs at once or a rerun after a crash never mail the same
person twice about the same thing. Only public network rows are
read; no tenant schema.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name

from network.adoptions.models import (
    Adoption,
    DigestDelivery,
    EvidenceReport,
    FollowedArea,
    NotificationDelivery,
    NotificationEvent,
)
from network.exchange.models import CoSignature, Follow, Publication, PublicationStatus
from shared.accounts.models import Membership, Person
from shared.accounts.permissions import CAPABILITIES
from shared.core import deliveries
from shared.core.urls import organization_url
from shared.organizations.models import Organization

# Who gets the weekly digest: those who may take items in.
DIGEST_CAPABILITY = "network.adopt"
DIGEST_MAX_ITEMS = 50


@dataclass(frozen=True)
class _Event:
    event: str
    object_id: int
    publication: Publication
    # The organisation that acted; its own followers need no mail about it.
    by_organization_id: int
    context: dict[str, Any]


def item_path(publication_id: int) -> str:
    """The path of a network item's page on any organisation's host."""
    try:
        return reverse("network-item", args=[publication_id], urlconf="config.urls_tenant")
    except NoReverseMatch:
        return f"/natverk/{publication_id}/"


# --- Followers ------------------------------------------------------------------------------


def cosignature_notify(*, cosignature_id: int) -> int:
    """Mail the followers of a need that another organisation co-signed; return how many."""
    cosignature = (
        CoSignature.objects.select_related("publication", "organization")
        .filter(pk=cosignature_id)
        .first()
    )
    if cosignature is None:
        return 0
    return _notify(
        _Event(
            event=NotificationEvent.COSIGNED,
            object_id=cosignature.pk,
            publication=cosignature.publication,
            by_organization_id=cosignature.organization_id,
            context={"organization_name": cosignature.organization.name},
        )
    )


def adoption_notify(*, adoption_id: int) -> int:
    """Mail the followers of an item another organisation adopted; return how many."""
    adoption = (
        Adoption.objects.select_related("publication", "organization")
        .filter(pk=adoption_id)
        .first()
    )
    if adoption is None:
        return 0
    return _notify(
        _Event(
            event=NotificationEvent.ADOPTED,
            object_id=adoption.pk,
            publication=adoption.publication,
            by_organization_id=adoption.organization_id,
            context={
                "organization_name": adoption.organization.name,
                "category": adoption.category,
            },
        )
    )


def evidence_notify(*, report_id: int) -> int:
    """Mail the followers of an item whose adopter reported an evaluation; return how many."""
    report = (
        EvidenceReport.objects.select_related("publication", "organization")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    return _notify(
        _Event(
            event=NotificationEvent.EVIDENCE,
            object_id=report.pk,
            publication=report.publication,
            by_organization_id=report.organization_id,
            context={
                "organization_name": report.organization.name,
                "recommendation": report.recommendation,
                "effects": report.effects,
            },
        )
    )


def _notify(event: _Event) -> int:
    follows = (
        Follow.objects.filter(publication_id=event.publication.pk)
        .exclude(organization_id=event.by_organization_id)
        .select_related("person", "organization")
        .order_by("pk")
    )
    sent = 0
    seen: set[int] = set()
    for follow in follows:
        person, organization = follow.person, follow.organization
        if person.pk in seen or not _may_receive(person, organization):
            continue
        seen.add(person.pk)
        sent += _send_once(event, person=person, organization=organization)
    return sent


def _may_receive(person: Person, organization: Organization) -> bool:
    """An active person who is still a member of the organisation they followed the item for."""
    return (
        person.is_active
        and Membership.objects.filter(person=person, organization=organization).exists()
    )


def _send_once(event: _Event, *, person: Person, organization: Organization) -> int:
    """Claim the delivery, send the mail, record it; 0 if it was claimed before (decision 0013)."""
    context = {
        **event.context,
        "name": person.get_short_name(),
        "publication": event.publication,
        "item_url": organization_url(organization, item_path(event.publication.pk)),
    }
    if not deliveries.send_once(
        purpose=f"adoptions.{event.event}",
        object_key=event.object_id,
        recipient=f"person:{person.pk}",
        message=functools.partial(
            _message, person, f"adoptions/mail/{event.event}_subject.txt", context, event.event
        ),
        schema_name=get_public_schema_name(),
    ):
        return 0
    NotificationDelivery.objects.get_or_create(
        event=event.event, object_id=event.object_id, person=person
    )
    return 1


def _message(person: Person, subject_template: str, context: dict[str, Any], name: str) -> Any:
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string(subject_template, context)
        body = render_to_string(f"adoptions/mail/{name}_body.txt", context)
    return mail.EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


# --- Weekly digest ----------------------------------------------------------------------------


def week_starting(on: datetime.date) -> datetime.date:
    """The Monday of the week ``on`` falls in."""
    return on - datetime.timedelta(days=on.weekday())


def digest_organizations() -> list[int]:
    """The organisations a digest goes to: those in use that follow at least one area."""
    return list(
        Organization.objects.in_use()
        .filter(followed_areas__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def digest_items(*, organization: Organization, on: datetime.date) -> list[Publication]:
    """Items of other organisations published in the seven days before ``on``'s week began.

    Only items in the areas ``organization`` follows, newest first.
    """
    areas = list(
        FollowedArea.objects.filter(organization=organization).values_list("area", flat=True)
    )
    if not areas:
        return []
    until = _start_of(week_starting(on))
    since = until - datetime.timedelta(days=7)
    return list(
        Publication.objects.filter(
            status=PublicationStatus.PUBLISHED,
            published_at__gte=since,
            published_at__lt=until,
            area__in=areas,
        )
        .exclude(organization=organization)
        .select_related("organization")
        .order_by("-published_at", "-pk")[:DIGEST_MAX_ITEMS]
    )


def digest_send(*, organization_id: int, on: datetime.date | None = None) -> int:
    """Mail this week's digest to everyone in the organisation who may take items in.

    Idempotent per person and week. Returns how many mails went out.
    """
    on = on or timezone.localdate()
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return 0
    items = digest_items(organization=organization, on=on)
    if not items:
        return 0
    roles = [
        role for role, capabilities in CAPABILITIES.items() if DIGEST_CAPABILITY in capabilities
    ]
    people = Person.objects.filter(
        is_active=True, memberships__organization=organization, memberships__role__in=roles
    ).order_by("pk")
    week = week_starting(on)
    sent = 0
    for person in people:
        context = {
            "name": person.get_short_name(),
            "organization": organization,
            "week": week,
            "rows": [
                {
                    "publication": item,
                    "url": organization_url(organization, item_path(item.pk)),
                }
                for item in items
            ],
            "count": len(items),
        }
        if not deliveries.send_once(
            purpose="adoptions.digest",
            object_key=f"{organization.pk}:{week.isoformat()}",
            recipient=f"person:{person.pk}",
            message=functools.partial(
                _message, person, "adoptions/mail/digest_subject.txt", context, "digest"
            ),
            schema_name=get_public_schema_name(),
        ):
            continue
        DigestDelivery.objects.get_or_create(
            organization=organization,
            person=person,
            week_starting=week,
            defaults={"items": len(items)},
        )
        sent += 1
    return sent


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
