"""Writes from the public portal: each one registers the contact and does its part in one go.

A failure anywhere (a refused attachment, say) leaves nothing behind: not
the contact, not the idea, not a mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.core import uploads
from tenants.calls.models import IdeaCall
from tenants.contacts import services as contact_services
from tenants.contacts.models import Contact
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tenants.needs import services as need_services
from tenants.needs.models import Need

# The same need from the same contact again within this time is the first one (a double click).
NEED_DEDUPE_WINDOW = timedelta(hours=24)


@uploads.removed_on_rollback
@transaction.atomic
def portal_idea_submit(
    *,
    name: str,
    email: str,
    audience: str,
    consent_text: str,
    title: str,
    description: str,
    organization_name: str = "",
    gender: str = "",
    expected_benefit: str = "",
    call: IdeaCall | None = None,
    needs: Sequence[Need] = (),
    attachments: Sequence[UploadedFile] = (),
    municipality_code: str = "",
) -> Idea:
    """Register the contact and their idea (not public until staff publish it); mail the link.

    Sending the same idea again returns the first one and mails nothing new.
    """
    contact = contact_services.contact_register(
        name=name,
        email=email,
        audience=audience,
        organization_name=organization_name,
        gender=gender,
        consent_text=consent_text,
    )
    started = timezone.now()
    idea = idea_services.idea_submit(
        title=title,
        description=description,
        audience=audience,
        expected_benefit=expected_benefit,
        call=call,
        needs=needs,
        contact=contact,
        submitter_gender=gender,
        is_public=False,
        attachments=attachments,
        municipality_code=municipality_code,
    )
    if idea.created_at >= started:
        contact_services.contact_send_confirmation(contact=contact)
    return idea


@transaction.atomic
def portal_need_submit(
    *,
    name: str,
    email: str,
    audience: str,
    consent_text: str,
    title: str,
    description: str,
    organization_name: str = "",
    affected: str = "",
    municipality_code: str = "",
) -> Need:
    """Register the contact and their need in the needs bank; mail the link.

    The same title and description from the same contact within a day is the
    first need again, not a second one.
    """
    contact = contact_services.contact_register(
        name=name,
        email=email,
        audience=audience,
        organization_name=organization_name,
        gender=None,
        consent_text=consent_text,
    )
    earlier = _earlier_need(contact=contact, title=title, description=description)
    if earlier is not None:
        return earlier
    need = need_services.need_submit(
        title=title,
        description=description,
        affected=affected,
        source=audience,
        contact=contact,
        municipality_code=municipality_code,
    )
    contact_services.contact_send_confirmation(contact=contact)
    return need


def _earlier_need(*, contact: Contact, title: str, description: str) -> Need | None:
    def normalised(text: str) -> str:
        return " ".join(text.casefold().split())

    recent = Need.objects.select_for_update().filter(
        contact=contact, created_at__gte=timezone.now() - NEED_DEDUPE_WINDOW
    )
    for need in recent.order_by("created_at", "pk"):
        if normalised(need.title) == normalised(title) and normalised(
            need.description
        ) == normalised(description):
            return need
    return None


def _refuse_unless_public(idea: Idea) -> None:
    if not idea.is_public:
        raise ValidationError({"idea": [_("Idén visas inte i portalen.")]})


@transaction.atomic
def portal_participate(
    *, idea: Idea, action: str, name: str, email: str, audience: str, consent_text: str
) -> Contact:
    """An anonymous visitor supports or follows a public idea.

    Following starts at once. Support counts only from a confirmed address,
    so the visitor gets a mail whose link confirms it and asks once more;
    someone typing another's address cannot add support in their name.
    """
    _refuse_unless_public(idea)
    if action not in ("support", "follow"):
        raise ValidationError({"action": [_("Välj stöd eller bevaka.")]})
    contact = contact_services.contact_register(
        name=name,
        email=email,
        audience=audience,
        organization_name=None,
        gender=None,
        consent_text=consent_text,
    )
    idea_services.follow_add(idea=idea, contact=contact)
    if action == "support":
        contact_services.contact_send_confirmation(contact=contact, support_idea_id=idea.pk)
    elif not contact.is_confirmed:
        contact_services.contact_send_confirmation(contact=contact)
    return contact


@transaction.atomic
def portal_support_confirmed(*, idea: Idea, contact: Contact) -> None:
    """A contact with a confirmed address (they came by their link) supports a public idea."""
    _refuse_unless_public(idea)
    idea_services.support_add(idea=idea, contact=contact)
    idea_services.follow_add(idea=idea, contact=contact)
