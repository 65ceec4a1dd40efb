"""Mail to the submitter of an idea the council has decided on."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from shared.accounts.models import Person
from shared.core import tenancy
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
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("idea", "idea__contact")
            .filter(pk=decision_id)
            .first()
        )
        if decision is None or decision.submitter_notified_at is not None:
            return False
        recipient = _recipient(decision.idea, organization)
        if recipient is None:
            return False
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
        mail.EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient.email],
        ).send()
        decision.submitter_notified_at = timezone.now()
        decision.save(update_fields=["submitter_notified_at"])
    return True


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
        )
    return None
