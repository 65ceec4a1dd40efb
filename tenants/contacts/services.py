"""Writes on portal contacts: registration with consent, the mailed link, confirmation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shared.core import signing
from shared.core.tenancy import current_organization
from tenants.audit.services import audit_event_record, snapshot
from tenants.contacts import selectors
from tenants.contacts.models import Audience, Contact, Gender

# Who may register through the portal; staff submit from the workspace.
PORTAL_AUDIENCES = (Audience.CITIZEN, Audience.BUSINESS, Audience.ASSOCIATION)
# What the audit log keeps of a contact: when they consented and to what, not who
# they are. The log cannot be edited, so a name or an e-mail in it could never be erased.
AUDITED_FIELDS = ["audience", "consent_text", "consent_given_at", "confirmed_at"]


def _new_access_token() -> str:
    # Names the organisation whose schema the contact is stored in: the link is
    # refused on any other organisation's host (tenants.contacts.selectors).
    organization = current_organization()
    if organization is None:
        raise RuntimeError("Contacts live in an organisation's schema, not in public.")
    return signing.organization_secret_create(organization=organization)


def _clean(
    *,
    name: str,
    email: str,
    audience: str,
    organization_name: str | None,
    gender: str | None,
    consent_text: str,
) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned = {
        "name": " ".join(name.split()),
        "email": email.strip(),
        "audience": audience,
        "consent_text": consent_text.strip(),
    }
    if organization_name is not None:
        cleaned["organization_name"] = " ".join(organization_name.split())
    if gender is not None:
        cleaned["gender"] = gender if gender in Gender.values else ""
    if not cleaned["name"]:
        errors["name"] = [_("Ange ditt namn.")]
    elif len(cleaned["name"]) > Contact._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = [_("Namnet är för långt.")]
    try:
        validate_email(cleaned["email"])
    except ValidationError:
        errors["email"] = [_("Ange en giltig e-postadress.")]
    if audience not in PORTAL_AUDIENCES:
        errors["audience"] = [_("Välj om du är invånare, företagare eller från en förening.")]
    if len(cleaned.get("organization_name", "")) > 200:
        errors["organization_name"] = [_("Organisationens namn är för långt.")]
    if not cleaned["consent_text"]:
        errors["consent_text"] = [_("Samtycket saknas.")]
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def contact_register(
    *,
    name: str,
    email: str,
    audience: str,
    organization_name: str | None = "",
    gender: str | None = "",
    consent_text: str,
) -> Contact:
    """Register someone who uses the portal, or update them if their e-mail is known.

    The e-mail identifies the contact (case-insensitively). A known contact
    keeps their access token, so links mailed earlier keep working; name,
    organisation, audience, self-declared gender and the consent they just
    gave are taken from this registration. ``None`` for the organisation or
    the gender keeps what a known contact said before (a form that did not ask).
    """
    data = _clean(
        name=name,
        email=email,
        audience=audience,
        organization_name=organization_name,
        gender=gender,
        consent_text=consent_text,
    )
    now = timezone.now()
    fields: dict[str, object] = {
        field: data[field]
        for field in ("name", "organization_name", "audience", "gender", "consent_text")
        if field in data
    }
    fields["consent_given_at"] = now
    contact = _by_email(data["email"]).first()
    if contact is None:
        try:
            # Two submissions at once (a double click) race for the same e-mail:
            # the loser finds the winner's row instead of failing.
            with transaction.atomic():
                contact = Contact.objects.create(
                    email=data["email"], access_token=_new_access_token(), **fields
                )
        except IntegrityError:
            contact = _by_email(data["email"]).get()
        else:
            _audit(contact, "contact.registered", before={})
            return contact
    before = snapshot(contact, AUDITED_FIELDS)
    for field, value in fields.items():
        setattr(contact, field, value)
    contact.save(update_fields=list(fields))
    _audit(contact, "contact.consent_renewed", before=before)
    return contact


def _by_email(email: str) -> QuerySet[Contact]:
    # lower(email), so the unique index contact_email_unique_ci serves the lookup.
    return (
        Contact.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email)))
    )


def _audit(
    contact: Contact,
    action: str,
    *,
    before: dict[str, object],
    fields: list[str] = AUDITED_FIELDS,
) -> None:
    # Done by the contact through the portal, not by staff: no actor.
    audit_event_record(
        actor=None,
        action=action,
        obj=contact,
        before=before,
        after=snapshot(contact, fields),
        # Not str(contact), which holds the name and the e-mail. Stored as data,
        # so it does not depend on the language the visitor happened to use.
        label=f"Kontakt {contact.pk}",
    )


def contact_send_confirmation(*, contact: Contact, support_idea_id: int | None = None) -> None:
    """Mail the contact their personal link (confirm the e-mail, follow their ideas) after commit.

    With ``support_idea_id`` the link also asks them to confirm their support
    of that idea. The mail is written in the language active now; a worker
    would otherwise use the default.
    """
    from tenants.contacts import tasks

    contact_id = contact.pk
    language = translation.get_language() or "sv"
    transaction.on_commit(
        lambda: tasks.contact_send_confirmation.delay(
            contact_id=contact_id, language=language, support_idea_id=support_idea_id
        )
    )


@transaction.atomic
def contact_confirm(*, token: str) -> Contact | None:
    """Return the contact the token belongs to, marking their e-mail confirmed on first use.

    A token of another organisation finds no one (``selectors.contacts_by_token``).
    Only for an organisation that may write: a suspended one shows the contact's
    page with ``selectors.contact_by_token`` instead.
    """
    contact = selectors.contacts_by_token(token=token).select_for_update().first()
    if contact is not None and contact.confirmed_at is None:
        contact.confirmed_at = timezone.now()
        contact.save(update_fields=["confirmed_at"])
        _audit(contact, "contact.confirmed", before={"confirmed_at": None}, fields=["confirmed_at"])
    return contact
