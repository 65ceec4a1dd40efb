"""How long each kind of record of an organisation is kept (gallring), and the task that applies it.

Every model in an organisation's schema has a retention class in ``RETENTION``
(a test fails on one that has none); ``docs/retention.md`` explains the classes.
The daily task applies the one class that holds personal data past its use:
portal contacts are anonymised once every idea they submitted has been closed
for ``PRIVACY_CONTACT_RETENTION_YEARS`` years, and contacts who never confirmed
their address are removed after ``PRIVACY_UNCONFIRMED_CONTACT_DAYS`` days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionClass(models.TextChoices):
    PUBLIC_RECORD = "public_record", _("Bevaras som allmän handling")
    AFTER_CLOSE = "after_close", _("Personuppgifter anonymiseras N år efter att idén avslutats")
    WITH_ORGANIZATION = "with_organization", _("Raderas med organisationen")


# Every model of an organisation's schema, by label (a test checks none is missing).
RETENTION: dict[str, RetentionClass] = {
    # Registered and decided: the municipality's public records (allmänna handlingar).
    "registry.registrationcounter": RetentionClass.PUBLIC_RECORD,
    "ideas.idea": RetentionClass.PUBLIC_RECORD,
    "ideas.stagechange": RetentionClass.PUBLIC_RECORD,
    "ideas.attachment": RetentionClass.PUBLIC_RECORD,
    "needs.need": RetentionClass.PUBLIC_RECORD,
    "calls.ideacall": RetentionClass.PUBLIC_RECORD,
    "council.meeting": RetentionClass.PUBLIC_RECORD,
    "council.agendaitem": RetentionClass.PUBLIC_RECORD,
    "council.decision": RetentionClass.PUBLIC_RECORD,
    "trials.trial": RetentionClass.PUBLIC_RECORD,
    "trials.evaluation": RetentionClass.PUBLIC_RECORD,
    "jointpilots.pilotcase": RetentionClass.PUBLIC_RECORD,
    "jointpilots.partnerdecision": RetentionClass.PUBLIC_RECORD,
    "audit.auditevent": RetentionClass.PUBLIC_RECORD,
    # Who someone outside the organisation is: kept while their ideas are handled.
    "contacts.contact": RetentionClass.AFTER_CLOSE,
    "ideas.comment": RetentionClass.AFTER_CLOSE,
    "ideas.support": RetentionClass.AFTER_CLOSE,
    "ideas.follow": RetentionClass.AFTER_CLOSE,
    # The organisation's own working material.
    "contenttypes.contenttype": RetentionClass.WITH_ORGANIZATION,
    "ideas.stage": RetentionClass.WITH_ORGANIZATION,
    "library.method": RetentionClass.WITH_ORGANIZATION,
    "coaching.coachassignment": RetentionClass.WITH_ORGANIZATION,
    "coaching.coachnote": RetentionClass.WITH_ORGANIZATION,
    "coaching.nextstep": RetentionClass.WITH_ORGANIZATION,
    "council.councilbudget": RetentionClass.WITH_ORGANIZATION,
    "trials.successmeasure": RetentionClass.WITH_ORGANIZATION,
    "trials.triallogentry": RetentionClass.WITH_ORGANIZATION,
    "trials.measureresult": RetentionClass.WITH_ORGANIZATION,
    "activities.activity": RetentionClass.WITH_ORGANIZATION,
    "activities.participant": RetentionClass.WITH_ORGANIZATION,
    "adopted.provenance": RetentionClass.WITH_ORGANIZATION,
}

# An erased contact's address (services.erased_email): already anonymised, never due again.
ERASED_DOMAIN = "@raderad.invalid"


def contact_years() -> int:
    return int(getattr(settings, "PRIVACY_CONTACT_RETENTION_YEARS", 2))


def unconfirmed_days() -> int:
    return int(getattr(settings, "PRIVACY_UNCONFIRMED_CONTACT_DAYS", 30))


def _years_after(moment: datetime.datetime, years: int) -> datetime.datetime:
    """``moment`` moved by whole calendar years (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


@dataclass(frozen=True)
class Due:
    """A contact and when retention takes them: ``action`` is "anonymise" or "remove"."""

    contact_id: int
    action: str
    on: datetime.date
    ideas: int


def _live_contacts() -> Any:
    from tenants.contacts.models import Contact

    return Contact.objects.exclude(email__iendswith=ERASED_DOMAIN)


def _closed_contacts() -> Any:
    """Confirmed contacts none of whose ideas is still open, with their last activity."""
    from tenants.ideas.models import Comment, StageKind

    last_comment = (
        Comment.objects.filter(contact=OuterRef("pk")).order_by("-created_at").values("created_at")
    )
    return (
        _live_contacts()
        .filter(confirmed_at__isnull=False)
        .annotate(
            open_ideas=Count("ideas", filter=Q(ideas__stage__kind=StageKind.OPEN), distinct=True),
            idea_count=Count("ideas", distinct=True),
            last_active=Greatest(
                Max("ideas__stage_changed_at"),
                Max("needs__created_at"),
                Subquery(last_comment[:1]),
                # A contact who only supported or followed: counted from when they came.
                "created_at",
            ),
        )
        .filter(open_ideas=0)
    )


def retention_due(*, within_days: int = 0, now: datetime.datetime | None = None) -> list[Due]:
    """Contacts retention takes within ``within_days`` of ``now`` (0: those due now), by date."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(days=within_days)
    years = contact_years()
    days = datetime.timedelta(days=unconfirmed_days())
    due = [
        Due(
            contact_id=contact.pk,
            action="anonymise",
            on=timezone.localdate(_years_after(contact.last_active, years)),
            ideas=contact.idea_count,
        )
        for contact in _closed_contacts().filter(last_active__lte=_years_after(horizon, -years))
    ]
    unconfirmed = (
        _live_contacts()
        .filter(confirmed_at__isnull=True, created_at__lte=horizon - days)
        .annotate(idea_count=Count("ideas", distinct=True))
    )
    due += [
        Due(
            contact_id=contact.pk,
            action="remove",
            on=timezone.localdate(contact.created_at + days),
            ideas=contact.idea_count,
        )
        for contact in unconfirmed
    ]
    return sorted(due, key=lambda item: (item.on, item.contact_id))


def retention_apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Anonymise or remove every contact whose retention has passed, in the current schema.

    A contact who never confirmed but whose submission stays (an idea, a need or
    a comment points at them) is anonymised instead of removed. Each contact in
    its own transaction, logged in the organisation's audit log without a name.
    Running it twice does no harm: anonymised contacts are never due again.
    """
    counts = {"anonymised": 0, "removed": 0}
    for due in retention_due(now=now):
        with transaction.atomic():
            counts[_apply_one(due)] += 1
    return counts


def _apply_one(due: Due) -> str:
    from shared.privacy import services
    from shared.privacy.traces import Subject
    from tenants.audit.services import audit_event_record
    from tenants.contacts.models import Contact

    contact = Contact.objects.select_for_update().get(pk=due.contact_id)
    if due.action == "remove":
        try:
            with transaction.atomic():
                pk = contact.pk
                contact.delete()
        except models.ProtectedError:
            # Something the contact submitted stays (a registered idea): anonymise below.
            removed = False
        else:
            removed = True
        if removed:
            audit_event_record(
                actor=None,
                action="contact.removed_unconfirmed",
                obj=Contact(pk=pk),
                after={"days": unconfirmed_days()},
                label=f"Kontakt {pk}",
            )
            return "removed"
    subject = Subject(
        email=contact.email, contact_ids=frozenset({contact.pk}), names=frozenset({contact.name})
    )
    services.erase_in_tenant(subject=subject, request=None)
    audit_event_record(
        actor=None,
        action="contact.retention_anonymised",
        obj=contact,
        after={"reason": due.action, "years": contact_years()},
        label=f"Kontakt {contact.pk}",
    )
    return "anonymised"
