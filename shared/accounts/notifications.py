"""Mail about memberships, in the person's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from shared.accounts.models import Membership, Person
from shared.accounts.tokens import password_token_generator
from shared.core import deliveries
from shared.core.tenancy import current_schema_name
from shared.core.urls import organization_url, public_url


def set_password_url(person: Person, organization: Any) -> str:
    """Return the link that lets ``person`` choose a password on ``organization``'s host.

    For welcome and invitation mails and password resets alike. The token in
    it names the organisation (``shared.accounts.tokens``) and the address is
    built from the configured domains, never from a request's Host header.
    """
    public = organization.schema_name == settings.PUBLIC_SCHEMA_NAME
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": password_token_generator(organization).make_token(person),
        },
        urlconf=settings.PUBLIC_SCHEMA_URLCONF if public else settings.ROOT_URLCONF,
    )
    return public_url(path) if public else organization_url(organization, path)


def password_reset_send(*, person: Person, organization: Any) -> None:
    """Mail ``person`` a link to choose a new password on ``organization``'s host.

    Written in the language active now: the one the person asked in.
    """
    context = {"person": person, "reset_url": set_password_url(person, organization)}
    subject = render_to_string("accounts/mail/password_reset_subject.txt", context)
    body = render_to_string("accounts/mail/password_reset_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [person.email])


def membership_welcome_send(*, membership_id: int) -> bool:
    """Send the welcome mail of a membership; returns False if it no longer exists.

    Runs in the organisation's schema (the task carries it), so the mail names
    the organisation the worker is connected to and links to its host.
    """
    membership = (
        Membership.objects.select_related("person", "organization").filter(pk=membership_id).first()
    )
    if membership is None:
        return False
    person, organization = membership.person, membership.organization
    context = {
        "person": person,
        "organization": organization,
        "role": membership.get_role_display(),
        "schema_name": current_schema_name(),
        "home_url": organization_url(organization, "/"),
        "set_password_url": set_password_url(person, organization),
    }
    with translation.override(person.preferred_language or "sv"):
        subject = render_to_string("accounts/mail/welcome_subject.txt", context).strip()
        body = render_to_string("accounts/mail/welcome_body.txt", context)
    # Once per membership, even when the task runs again after a crash (decision 0013).
    deliveries.send_once(
        purpose="accounts.welcome",
        object_key=membership.pk,
        recipient=f"person:{person.pk}",
        message=lambda: EmailMessage(subject, body, None, [person.email]),
    )
    return True
