"""Writes on people and memberships; side effects after commit."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts.models import (
    ApiToken,
    Membership,
    Person,
    PlatformRole,
    Role,
    TokenRevocation,
)
from shared.core import signing as organization_signing
from shared.core.services import audit_record

HANDOFF_SALT = "idesluss.accounts.handoff"


def person_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    platform_role: str = PlatformRole.NONE,
) -> Person:
    """Create a person; without a password they set one from the welcome mail."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": [_("Ange en giltig e-postadress.")]}) from error
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("Det finns redan en person med den e-postadressen.")]})
    if not full_name.strip():
        raise ValidationError({"full_name": [_("Ange personens namn.")]})
    person = Person(
        email=email,
        full_name=full_name.strip(),
        platform_role=platform_role,
        is_staff=platform_role == PlatformRole.PLATFORM_STAFF,
    )
    person.set_password(password)  # None gives an unusable password
    person.save()
    return person


@transaction.atomic
def membership_add(
    *,
    organization: Any,
    email: str,
    full_name: str,
    role: str,
    by: Any = None,
    notify: bool = True,
) -> Membership:
    """Give a person (created if new) a role in an organisation and mail them a welcome.

    The mail goes by a task after commit; it is sent in the organisation's
    schema so it can name the organisation and link to its host.
    """
    if role not in Role.values:
        raise ValidationError({"role": [_("Välj en roll.")]})
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        person = person_create(email=email, full_name=full_name)
    if Membership.objects.filter(person=person, organization=organization).exists():
        raise ValidationError(
            {"email": [_("%(email)s är redan medlem här.") % {"email": person.email}]}
        )
    membership = Membership.objects.create(person=person, organization=organization, role=role)
    audit_record(
        actor=by,
        organization=organization,
        action="membership.added",
        target=f"person:{person.pk}",
        after={"role": role},
    )
    if notify:
        from shared.accounts import tasks

        transaction.on_commit(
            lambda: tasks.membership_send_welcome.delay(membership_id=membership.pk)
        )
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: Any = None) -> Membership:
    """Give a member another role; an organisation always keeps at least one admin."""
    if role not in Role.values:
        raise ValidationError({"role": [_("Välj en roll.")]})
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_another_admin(membership)
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=by,
        organization=membership.organization,
        action="membership.role_changed",
        target=f"person:{membership.person_id}",
        before={"role": before},
        after={"role": role},
    )
    return membership


@transaction.atomic
def membership_set_home_municipality(
    *, membership: Membership, municipality_code: str, by: Any = None
) -> Membership:
    """Record which of a group's municipalities a member works in (blank: not stated).

    The code must be one the organisation serves.
    """
    municipality_code = municipality_code.strip()
    served = list(membership.organization.municipality_codes)
    if municipality_code and municipality_code not in served:
        raise ValidationError(
            {
                "home_municipality_code": [
                    _("Välj en av organisationens kommuner: %(codes)s.")
                    % {"codes": ", ".join(served)}
                ]
            }
        )
    before = membership.home_municipality_code
    if before == municipality_code:
        return membership
    membership.home_municipality_code = municipality_code
    membership.save(update_fields=["home_municipality_code"])
    audit_record(
        actor=by,
        organization=membership.organization,
        action="membership.home_municipality_changed",
        target=f"person:{membership.person_id}",
        before={"home_municipality_code": before},
        after={"home_municipality_code": municipality_code},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: Any = None) -> None:
    """End a membership; the person and what they wrote stay."""
    if membership.role == Role.ADMIN:
        _ensure_another_admin(membership)
    audit_record(
        actor=by,
        organization=membership.organization,
        action="membership.removed",
        target=f"person:{membership.person_id}",
        before={"role": membership.role},
    )
    api_tokens_revoke_all(
        person_id=membership.person_id,
        organization_id=membership.organization_id,
        reason=TokenRevocation.MEMBERSHIP_ENDED,
    )
    membership.delete()


def _ensure_another_admin(membership: Membership) -> None:
    others = (
        Membership.objects.filter(organization=membership.organization, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError({"role": [_("Organisationen måste ha minst en administratör.")]})


# --- API tokens (API-nycklar) ------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    """A token just made: ``key`` is the only copy of the secret and is shown once."""

    token: ApiToken
    key: str


def api_token_hash(key: str) -> str:
    """The stored form of a key: a key is 256 random bits, so one SHA-256 is enough."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    person: Person,
    organization: Any,
    name: str = "",
    days: int | None = None,
    by: Any = None,
) -> IssuedToken:
    """Make an API key for ``person`` in ``organization``; only its hash is stored.

    The person must be a member there. It expires after ``days``
    (``API_TOKEN_MAX_AGE_DAYS`` by default, never longer).
    """
    if not Membership.objects.active().filter(person=person, organization=organization).exists():
        raise ValidationError(
            {"non_field_errors": [_("Du är inte medlem i den här organisationen.")]}
        )
    max_days = int(settings.API_TOKEN_MAX_AGE_DAYS)
    days = max_days if days is None else days
    if not 1 <= days <= max_days:
        raise ValidationError({"days": [_("Ange mellan 1 och %(max)d dagar.") % {"max": max_days}]})
    name = name.strip()[:100] or _("API-nyckel")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person,
        organization=organization,
        name=name,
        prefix=key[:8],
        key_hash=api_token_hash(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        actor=by or person,
        organization=organization,
        action="api_token.created",
        target=f"person:{person.pk}",
        after={"name": name, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: Any = None) -> ApiToken:
    """Revoke one token at its owner's request; revoking twice changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_reason = TokenRevocation.BY_OWNER
    token.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=by,
        organization=token.organization,
        action="api_token.revoked",
        target=f"person:{token.person_id}",
        after={"name": token.name, "prefix": token.prefix, "reason": token.revoked_reason},
    )
    return token


def api_tokens_revoke_all(
    *, person_id: int, reason: str, organization_id: int | None = None
) -> int:
    """Revoke a person's live tokens (in one organisation only, if given); return how many."""
    tokens = ApiToken.objects.filter(person_id=person_id, revoked_at__isnull=True)
    if organization_id is not None:
        tokens = tokens.filter(organization_id=organization_id)
    return tokens.update(revoked_at=timezone.now(), revoked_reason=reason)


def handoff_token_create(*, person: Person, organization: Any) -> str:
    """Sign a one-time token that logs ``person`` in on ``organization``'s host.

    Each organisation host has its own session; the switcher carries the person
    across with this token. It names the person and the target organisation
    (and is refused on any other host), lives ``ACCOUNT_HANDOFF_MAX_AGE_SECONDS``
    and is spent on first use. It carries nothing derived from the password.
    """
    return organization_signing.organization_dumps(
        {"p": person.pk}, salt=HANDOFF_SALT, organization=organization, once=True
    )


def handoff_token_redeem(*, token: str, organization: Any, max_age: int) -> Person | None:
    """Return the person a handoff token names, if valid for ``organization``; else None.

    A token is spent by its first redemption, even one that then fails, so it
    can never be replayed.
    """
    try:
        data = organization_signing.organization_loads(
            token, salt=HANDOFF_SALT, organization=organization, max_age=max_age, once=True
        )
    except signing.BadSignature:
        return None
    person_id = data.get("p") if isinstance(data, dict) else None
    if not isinstance(person_id, int):
        return None
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return None
    if not Membership.objects.active().filter(person=person, organization=organization).exists():
        return None
    return person
