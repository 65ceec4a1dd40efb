"""Reminder mail about next steps that are due, one mail per owner and day."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from shared.accounts.models import Person
from shared.core import deliveries, tenancy
from shared.core.urls import organization_url
from tenants.coaching import selectors
from tenants.coaching.models import NextStep


def next_step_reminders_send(*, on: datetime.date | None = None) -> int:
    """Mail every owner of open next steps due by ``on`` (today) one list of them.

    Runs in the organisation's schema. Each owner gets at most one mail a day
    (a delivery claimed before it is sent, decision 0013), so a second run the
    same day, two runs at once or a rerun after a crash never mail them twice;
    the steps mailed about get ``reminded_on = on``. Owners who are no longer
    active members of the organisation get no mail. Returns how many mails went out.
    """
    on = on or timezone.localdate()
    organization = tenancy.current_organization()
    if organization is None:
        return 0
    step_ids_by_owner: dict[int, list[int]] = defaultdict(list)
    for owner_id, step_id in selectors.next_steps_due(on=on).values_list("owner_id", "pk"):
        step_ids_by_owner[owner_id].append(step_id)
    if not step_ids_by_owner:
        return 0
    owners = Person.objects.filter(
        pk__in=step_ids_by_owner,
        is_active=True,
        memberships__organization=organization,
    ).order_by("pk")
    origin = organization_url(organization, "")
    sent = 0
    for owner in owners:
        steps = list(
            selectors.next_steps_due(on=on)
            .filter(pk__in=step_ids_by_owner[owner.pk])
            .select_related("idea")
            .order_by("due_on", "idea_id", "pk")
        )
        if not steps:
            continue
        purpose, recipient = "coaching.next_step_reminder", f"person:{owner.pk}"
        if deliveries.send_once(
            purpose=purpose,
            object_key=on.isoformat(),
            recipient=recipient,
            message=functools.partial(
                _message, owner, steps, on=on, origin=origin, organization=organization
            ),
        ):
            sent += 1
        elif not deliveries.was_sent(
            purpose=purpose, object_key=on.isoformat(), recipient=recipient
        ):
            continue
        NextStep.objects.filter(pk__in=[step.pk for step in steps]).update(reminded_on=on)
    return sent


def _message(
    owner: Person,
    steps: list[NextStep],
    *,
    on: datetime.date,
    origin: str,
    organization: object,
) -> mail.EmailMessage:
    rows = [
        {
            "step": step,
            "idea": step.idea,
            "is_overdue": step.due_on < on,
            # reverse() percent-encodes "/idéer/", so the link works in every mail client.
            "url": origin + reverse("idea", args=[step.idea_id], urlconf="config.urls_tenant"),
        }
        for step in steps
    ]
    context = {
        "name": owner.get_short_name(),
        "organization": organization,
        "rows": rows,
        "count": len(rows),
        "overdue_count": sum(step.due_on < on for step in steps),
    }
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        subject = render_to_string("coaching/mail/next_step_reminder_subject.txt", context)
        body = render_to_string("coaching/mail/next_step_reminder_body.txt", context)
    return mail.EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
    )
