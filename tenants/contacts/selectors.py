"""Reads on portal contacts."""

from __future__ import annotations

from django.db.models import QuerySet

from shared.core import signing
from shared.core.tenancy import current_organization
from tenants.contacts.models import Contact


def contacts_by_token(*, token: str) -> QuerySet[Contact]:
    """The contact (at most one) whose mailed link carries ``token``, in this organisation only.

    A token names the organisation it was made in (``shared.core.signing``):
    one naming another organisation is refused before any look-up, even if a
    row with that token existed here. Tokens made before they were named are
    looked up in this organisation's schema only, so links mailed earlier keep
    working where they were sent from and nowhere else.
    """
    organization = current_organization()
    max_length = Contact._meta.get_field("access_token").max_length
    if (
        organization is None
        or not token
        or len(token) > max_length  # type: ignore[operator]
        or signing.organization_secret_refused(token, organization=organization)
    ):
        return Contact.objects.none()
    return Contact.objects.filter(access_token=token)


def contact_by_token(*, token: str) -> Contact | None:
    """Return the contact whose link carries ``token`` here, or None; changes nothing."""
    return contacts_by_token(token=token).first()
