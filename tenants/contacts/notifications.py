"""Mail to portal contacts: plain text, in the language they used the portal in."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from shared.core import deliveries
from shared.core.tenancy import current_organization
from shared.core.urls import organization_url
from tenants.contacts.models import Contact

SUPPORT_PARAMETER = "stod"


def follow_path(contact: Contact, *, support_idea_id: int | None = None) -> str:
    """The path of the contact's own page; the token in it is their only key."""
    path = f"/portal/folj/{contact.access_token}/"
    if support_idea_id is not None:
        path += f"?{SUPPORT_PARAMETER}={int(support_idea_id)}"
    return path


def contact_confirmation_send(
    *,
    contact_id: int,
    language: str = "sv",
    support_idea_id: int | None = None,
    request_key: str = "",
) -> bool:
    """Mail the contact the link that confirms their e-mail and lets them follow their ideas.

    Runs in the organisation's schema (the task carries it); returns False if
    the contact no longer exists. With ``support_idea_id`` the mail names the
    public idea they asked to support, and the link asks them to confirm it.
    A contact may ask again and again; ``request_key`` (the task's id) names
    one asking, so a rerun of its task does not mail it twice (decision 0013).
    """
    from tenants.ideas.models import Idea

    contact = Contact.objects.filter(pk=contact_id).first()
    organization = current_organization()
    if contact is None or organization is None:
        return False
    idea = None
    if support_idea_id is not None:
        idea = Idea.objects.filter(pk=support_idea_id, is_public=True).first()
    context = {
        "contact": contact,
        "organization": organization,
        "idea": idea,
        "follow_url": organization_url(
            organization, follow_path(contact, support_idea_id=idea.pk if idea else None)
        ),
        "portal_url": organization_url(organization, "/portal/"),
    }
    with translation.override(language or "sv"):
        subject = render_to_string("contacts/mail/confirmation_subject.txt", context)
        body = render_to_string("contacts/mail/confirmation_body.txt", context)
    deliveries.send_once(
        purpose="contacts.confirmation",
        object_key=f"{contact.pk}:{request_key}",
        recipient=f"contact:{contact.pk}",
        message=lambda: EmailMessage(" ".join(subject.split()), body, None, [contact.email]),
    )
    return True
