"""Mail about joint pilots: who hears of an invitation, a decision, the start and the evaluation.

Every mail is claimed before it is sent (``shared.core.deliveries``, decision
0013) and recorded (``PilotNotification``) once sent: a retried task, two runs
at once or a rerun after a crash never mail the same person twice about the
same event. Only public rows are read.

Who hears of what:

- an invitation: the invited organisation's people who prepare or take its
  decision (``pilots.manage`` or ``council.decide``);
- a decision: the people who run the pilot (``pilots.manage``) in every
  other organisation still in it;
- the start and the evaluation: those people in every organisation taking part.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django_tenants.utils import get_public_schema_name

from network.pilots.models import (
    Participant,
    ParticipantStatus,
    Pilot,
    PilotEvent,
    PilotNotification,
)
from shared.accounts.models import Person
from shared.accounts.permissions import CAPABILITIES
from shared.core import deliveries
from shared.core.urls import organization_url
from shared.organizations.models import Organization

RUNNING_CAPABILITY = "pilots.manage"
DECIDING_CAPABILITIES = ("pilots.manage", "council.decide")


def pilot_path(pilot_id: int) -> str:
    """The path of a pilot's page on any organisation's host."""
    try:
        return reverse("pilot-detail", args=[pilot_id], urlconf="config.urls_tenant")
    except NoReverseMatch:
        return f"/natverk/piloter/{pilot_id}/"


def _roles_with(capabilities: Iterable[str]) -> list[str]:
    wanted = set(capabilities)
    return [role for role, granted in CAPABILITIES.items() if wanted & granted]


def _people(
    organization_ids: Iterable[int], capabilities: Iterable[str]
) -> list[tuple[Person, Organization]]:
    """Active people with one of ``capabilities`` in each organisation, once per person."""
    roles = _roles_with(capabilities)
    seen: set[int] = set()
    found: list[tuple[Person, Organization]] = []
    for organization in Organization.objects.filter(pk__in=list(organization_ids)).order_by("pk"):
        people = Person.objects.filter(
            is_active=True, memberships__organization=organization, memberships__role__in=roles
        ).order_by("pk")
        for person in people:
            if person.pk not in seen:
                seen.add(person.pk)
                found.append((person, organization))
    return found


def pilot_notify(*, event: str, object_id: int) -> int:
    """Mail everyone ``event`` concerns, once each; return how many mails went out."""
    if event in (PilotEvent.INVITED, PilotEvent.DECIDED):
        participant = (
            Participant.objects.select_related("pilot", "pilot__organization", "organization")
            .filter(pk=object_id)
            .first()
        )
        if participant is None:
            return 0
        pilot = participant.pilot
        context: dict[str, Any] = {"participant": participant}
        if event == PilotEvent.INVITED:
            recipients = _people([participant.organization_id], DECIDING_CAPABILITIES)
        else:
            others = _organizations_in(pilot, still_in=True, exclude=participant.organization_id)
            recipients = _people(others, [RUNNING_CAPABILITY])
    elif event in (PilotEvent.STARTED, PilotEvent.EVALUATED):
        found = Pilot.objects.select_related("organization").filter(pk=object_id).first()
        if found is None:
            return 0
        pilot, context = found, {}
        recipients = _people(_organizations_in(pilot, still_in=False), [RUNNING_CAPABILITY])
    else:
        raise ValueError(f"Unknown pilot event {event!r}.")
    sent = 0
    for person, organization in recipients:
        sent += _send_once(
            event, object_id, pilot=pilot, person=person, organization=organization, context=context
        )
    return sent


def _organizations_in(pilot: Pilot, *, still_in: bool, exclude: int | None = None) -> list[int]:
    """Organisations taking part; with ``still_in``, also those yet to decide."""
    statuses = [ParticipantStatus.ACCEPTED]
    if still_in:
        statuses.append(ParticipantStatus.INVITED)
    return [
        organization_id
        for organization_id in Participant.objects.filter(pilot=pilot, status__in=statuses)
        .order_by("pk")
        .values_list("organization_id", flat=True)
        if organization_id != exclude
    ]


def _send_once(
    event: str,
    object_id: int,
    *,
    pilot: Pilot,
    person: Person,
    organization: Organization,
    context: dict[str, Any],
) -> int:
    """Claim the delivery, send the mail, record it; 0 if it was claimed before (decision 0013)."""

    def message() -> mail.EmailMessage:
        full = {
            **context,
            "name": person.get_short_name(),
            "pilot": pilot,
            "owner_name": pilot.organization.name,
            "organization": organization,
            "pilot_url": organization_url(organization, pilot_path(pilot.pk)),
        }
        with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
            subject = render_to_string(f"pilots/mail/{event}_subject.txt", full)
            body = render_to_string(f"pilots/mail/{event}_body.txt", full)
        return mail.EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )

    if not deliveries.send_once(
        purpose=f"pilots.{event}",
        object_key=object_id,
        recipient=f"person:{person.pk}",
        message=message,
        schema_name=get_public_schema_name(),
    ):
        return 0
    PilotNotification.objects.get_or_create(event=event, object_id=object_id, person=person)
    return 1
