"""Mail to the people and portal contacts who follow an idea."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from shared.accounts.models import Person
from shared.core import deliveries, tenancy
from shared.core.urls import organization_url
from tenants.contacts.models import Contact
from tenants.ideas.models import Follow, StageChange, StageKind


@dataclass(frozen=True)
class _Recipient:
    email: str
    name: str
    language: str
    follow_url: str
    # Who, by id, for the delivery record: "person:12" or "contact:7".
    key: str
    # The idea is theirs: the mail speaks of "your idea", not of one they follow.
    is_submitter: bool = False


def stage_change_notify(*, stage_change_id: int, skip_submitter: bool = False) -> int:
    """Mail every follower of the moved idea once; return how many mails went out.

    Staff get the mail in their own language; portal contacts in Swedish, and
    only once they have confirmed their address, with a link to the page where
    they follow their ideas. Whoever made the move gets no mail about it. A
    closed idea's mail carries the reason, because the submitter has a right to it.
    The submitter's own mail speaks of their idea; with ``skip_submitter`` they
    get none, because the cause of the move (a council decision) mails them itself.
    """
    change = (
        StageChange.objects.select_related("idea", "from_stage", "to_stage")
        .filter(pk=stage_change_id)
        .first()
    )
    if change is None:
        return 0
    organization = tenancy.current_organization()
    if organization is None:
        return 0
    recipients = _recipients(change, organization, skip_submitter=skip_submitter)
    if not recipients:
        return 0
    home_url = organization_url(organization, "/")

    def message(recipient: _Recipient) -> mail.EmailMessage:
        context = {
            "name": recipient.name,
            "idea": change.idea,
            "organization": organization,
            "is_submitter": recipient.is_submitter,
            "is_closed": change.to_stage.kind == StageKind.CLOSED,
            "reason": change.reason,
            "follow_url": recipient.follow_url,
            "home_url": home_url,
        }
        with translation.override(recipient.language):
            # Stage names follow the active language, so they are looked up in it.
            context["from_stage"] = change.from_stage.name if change.from_stage else ""
            context["to_stage"] = change.to_stage.name
            subject = render_to_string("ideas/mail/stage_change_subject.txt", context)
            body = render_to_string("ideas/mail/stage_change_body.txt", context)
        return mail.EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
        )

    # Each follower once, even when the task runs again after a crash (decision 0013).
    return sum(
        deliveries.send_once(
            purpose="ideas.stage_change",
            object_key=change.pk,
            recipient=recipient.key,
            message=functools.partial(message, recipient),
        )
        for recipient in recipients
    )


def _recipients(
    change: StageChange, organization: object, *, skip_submitter: bool = False
) -> list[_Recipient]:
    """Followers who may get the mail, each address once; the submitter marked as such."""
    idea = change.idea
    follows = Follow.objects.filter(idea_id=change.idea_id)
    if skip_submitter:
        submitter = Q(pk__in=[])
        if idea.submitted_by_id is not None:
            submitter |= Q(person_id=idea.submitted_by_id)
        if idea.contact_id is not None:
            submitter |= Q(contact_id=idea.contact_id)
        follows = follows.exclude(submitter)
    person_ids = follows.filter(person__isnull=False).values("person_id")
    contact_ids = follows.filter(contact__isnull=False).values("contact_id")
    people = (
        Person.objects.filter(
            pk__in=person_ids, is_active=True, memberships__organization=organization
        )
        .exclude(pk=change.moved_by_id or 0)
        .order_by("pk")
    )
    # One look-up of the host for every contact's link.
    origin = organization_url(organization, "")
    contacts = Contact.objects.filter(pk__in=contact_ids, confirmed_at__isnull=False).order_by("pk")
    recipients: dict[str, _Recipient] = {}
    for person in people:
        recipients.setdefault(
            person.email.lower(),
            _Recipient(
                email=person.email,
                name=person.get_short_name(),
                language=person.preferred_language or settings.LANGUAGE_CODE,
                follow_url="",
                key=f"person:{person.pk}",
                is_submitter=person.pk == idea.submitted_by_id,
            ),
        )
    for contact in contacts:
        recipients.setdefault(
            contact.email.lower(),
            _Recipient(
                email=contact.email,
                name=contact.name,
                language="sv",
                follow_url=f"{origin}/portal/folj/{contact.access_token}/",
                key=f"contact:{contact.pk}",
                is_submitter=contact.pk == idea.contact_id,
            ),
        )
    return list(recipients.values())
