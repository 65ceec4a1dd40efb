"""Mail to an organisation's admins when billing changes its status."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from shared.accounts.models import Membership, Role
from shared.core.urls import organization_url
from shared.organizations.models import Organization, OrganizationStatus


def status_changed_mail(*, organization_id: int, before: str, after: str) -> int:
    """Tell every admin of the organisation its new status and what follows; return mails sent."""
    organization = Organization.objects.get(pk=organization_id)
    admins = list(
        Membership.objects.active()
        .filter(organization=organization, role=Role.ADMIN)
        .select_related("person")
    )
    if not admins:
        return 0
    context = {
        "organization": organization,
        "before": OrganizationStatus(before).label if before else "",
        "after": OrganizationStatus(after).label,
        "status": after,
        "billing_url": organization_url(
            organization, reverse("billing:overview", urlconf=settings.ROOT_URLCONF)
        ),
    }
    subject = " ".join(render_to_string("billing/mail/status_subject.txt", context).split())
    body = render_to_string("billing/mail/status_body.txt", context)
    return send_mail(subject, body, None, [m.person.email for m in admins])
