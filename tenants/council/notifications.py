"""Mail to the submitter of an idea the council has decided on."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from shared.accounts.models import Person
from shared.core import deliveries, tenancy
from shared.core.urls import organization_url
from tenants.council import money
from tenants.council.models import Decision
from tenants.ideas.models import Idea

# Workers have no request to pick the organisation's URLs; name them.
TENANT_URLCONF = "config.urls_tenant"


@dataclass(frozen=True)
class _Recipient:
    email: str
    name: str
    language: str
    # Staff read the idea in the workspace; portal contacts on their follow page.
    idea_url: str
    # Who, by id, for the delivery record: "person:12" or "contact:7".
    key: str


def decision_notify(*, decision_id: int) -> bool:
    """Mail the idea's submitter the decision, its number, amount and rationale, once.

    The submitter is the staff person who submitted the idea (in their own
    language) or, for a portal idea, its contact once they have confirmed their
    address (in Swedish). Returns True if a mail went out; a decision already
    told, or one without anyone to tell, sends nothing.
    """
    organization = tenancy.current_organization()
    if organization is None:
        return False
    decision = (
        Decision.objects.select_related("idea", "idea__contact").filter(pk=decision_id).first()
    )
    if decision is None or decision.submitter_notified_at is not None:
        return False
    recipient = _recipient(decision.idea, organization)
    if recipient is None:
        return False

    def message() -> mail.EmailMessage:
        context = {
            "name": recipient.name,
            "idea": decision.idea,
            "decision": decision,
            "organization": organization,
            "idea_url": recipient.idea_url,
            "decision_url": organization_url(
                organization,
                reverse(
                    "council_portal:decision",
                    args=[decision.registration_number],
                    urlconf=TENANT_URLCONF,
                ),
            ),
        }
        with translation.override(recipient.language):
            context["kind"] = decision.get_kind_display()
            context["amount"] = money.format_sek(decision.amount_granted_sek)
            subject = render_to_string("council/mail/decision_subject.txt", context)
            body = render_to_string("council/mail/decision_body.txt", context)
        return mail.EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
        )

    # Claimed before it leaves, so a rerun after a crash never mails it twice (decision 0013).
    purpose, object_key = "council.decision", decision.pk
    sent = deliveries.send_once(
        purpose=purpose, object_key=object_key, recipient=recipient.key, message=message
    )
    if sent or deliveries.was_sent(purpose=purpose, object_key=object_key, recipient=recipient.key):
        Decision.objects.filter(pk=decision.pk, submitter_notified_at__isnull=True).update(
            submitter_notified_at=timezone.now()
        )
    return sent


def _recipient(idea: Idea, organization: object) -> _Recipient | None:
    if idea.submitted_by_id is not None:
        person = Person.objects.filter(pk=idea.submitted_by_id, is_active=True).first()
        if person is not None and person.email:
            return _Recipient(
                email=person.email,
                name=person.get_short_name(),
                language=person.preferred_language or settings.LANGUAGE_CODE,
                idea_url=organization_url(
                    organization, reverse("idea", args=[idea.pk], urlconf=TENANT_URLCONF)
                ),
                key=f"person:{person.pk}",
            )
    contact = idea.contact
    if contact is not None and contact.is_confirmed:
        return _Recipient(
            email=contact.email,
            name=contact.name,
            language="sv",
            idea_url=organization_url(
                organization,
                reverse("portal:follow", args=[contact.access_token], urlconf=TENANT_URLCONF),
            ),
            key=f"contact:{contact.pk}",
        )
    return None
