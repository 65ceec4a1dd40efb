"""Mail about memberships, in the person's language."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from shared.accounts.models import Membership
from shared.core.tenancy import current_schema_name
from shared.core.urls import organization_url


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
    reset_path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
        urlconf="config.urls_tenant",
    )
    context = {
        "person": person,
        "organization": organization,
        "role": membership.get_role_display(),
        "schema_name": current_schema_name(),
        "home_url": organization_url(organization, "/"),
        "set_password_url": organization_url(organization, reset_path),
    }
    with translation.override(person.preferred_language or "sv"):
        subject = render_to_string("accounts/mail/welcome_subject.txt", context).strip()
        body = render_to_string("accounts/mail/welcome_body.txt", context)
    send_mail(subject, body, None, [person.email])
    return True
