"""Writes: an organisation's provider settings, and what a login by it does to membership.

Who logs in is the provider's word; what they may do here is ours. A person
is found by the provider's subject, or else by e-mail address, or created.
Their role comes from the groups the provider sends, through the admin's
mapping; with no mapping matching, a role the admin set by hand stays, and
a role that came from groups ends with the membership (a leaver). Every
login and every refusal is in the platform audit log.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts import services as accounts_services
from shared.accounts.models import Membership, Person, Role
from shared.core.services import audit_record
from shared.sso import crypto, selectors
from shared.sso.models import ExternalIdentity, GroupMapping, IdentityProvider, Protocol


class Refusal:
    """Why a login by the provider was refused (the audit log's ``reason``)."""

    PROVIDER_REFUSED = "provider_refused"
    INVALID_RESPONSE = "invalid_response"
    OTHER_ORGANIZATION = "other_organization"
    NO_EMAIL = "no_email"
    PLATFORM_ACCOUNT = "platform_account"
    INACTIVE = "inactive"
    NOT_MEMBER = "not_member"
    NO_GROUP = "no_group"
    NOT_ENABLED = "not_enabled"


def refusal_message(reason: str, *, organization: Any) -> str:
    """What the person is told, in their language."""
    name = organization.name
    messages = {
        Refusal.NO_EMAIL: _("Identitetsleverantören skickade ingen giltig e-postadress."),
        Refusal.PLATFORM_ACCOUNT: _(
            "Plattformens personal loggar in med sitt eget konto, inte via "
            "organisationens identitetsleverantör."
        ),
        Refusal.INACTIVE: _("Kontot är inaktiverat."),
        Refusal.NOT_MEMBER: _(
            "Du är inte medlem i %(organization)s. Be organisationens administratör om tillgång."
        )
        % {"organization": name},
        Refusal.NO_GROUP: _(
            "Du tillhör inte längre någon grupp som ger tillgång till %(organization)s, "
            "så ditt medlemskap har tagits bort."
        )
        % {"organization": name},
        Refusal.NOT_ENABLED: _("Inloggning via identitetsleverantören är inte påslagen här."),
    }
    return messages.get(
        reason,
        _("Inloggningen via %(organization)s misslyckades. Försök igen.") % {"organization": name},
    )


@dataclass(frozen=True)
class LoginOutcome:
    """A login by the provider: the person to log in, or the reason it was refused."""

    person: Person | None = None
    refusal: str = ""
    role: str = ""
    removed_membership: bool = False
    details: dict[str, Any] = field(default_factory=dict)


def sso_refusal_record(
    *, organization: Any, reason: str, target: str = "", detail: str = ""
) -> None:
    """Record a refused login in the platform audit log (its own transaction if none is open)."""
    audit_record(
        actor=None,
        organization=organization,
        action="sso.login_refused",
        target=target[:254],
        after={"reason": reason, **({"detail": detail[:500]} if detail else {})},
    )


@transaction.atomic
def sso_login(
    *,
    provider: IdentityProvider,
    subject: str,
    email: str,
    full_name: str,
    groups: list[str],
    refresh_token: str = "",
) -> LoginOutcome:
    """Decide what a person the provider vouches for may do here, and record it."""
    organization = provider.organization
    email = (email or "").strip().lower()

    def refuse(reason: str, *, removed: bool = False) -> LoginOutcome:
        sso_refusal_record(organization=organization, reason=reason, target=email or subject)
        return LoginOutcome(refusal=reason, removed_membership=removed)

    if not provider.enabled:
        return refuse(Refusal.NOT_ENABLED)
    try:
        validate_email(email)
    except ValidationError:
        return refuse(Refusal.NO_EMAIL)
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("person")
        .filter(provider=provider, subject=subject)
        .first()
    )
    person = identity.person if identity else Person.objects.filter(email__iexact=email).first()
    if identity is None and person is not None:
        # The provider gave the same person a new subject: follow it.
        identity = (
            ExternalIdentity.objects.select_for_update()
            .filter(provider=provider, person=person)
            .first()
        )
        if identity is not None:
            identity.subject = subject
    if person is not None and (person.is_platform_staff or person.is_national_coordinator):
        # An organisation's provider must never vouch for the platform's own people.
        return refuse(Refusal.PLATFORM_ACCOUNT)
    if person is not None and not person.is_active:
        return refuse(Refusal.INACTIVE)
    membership = (
        Membership.objects.filter(person=person, organization=organization).first()
        if person is not None
        else None
    )
    mapped_role = selectors.role_for_groups(provider=provider, groups=groups)

    if mapped_role is None:
        if identity is not None and identity.role_from_groups and membership is not None:
            removed = _membership_end(membership=membership, reason="no_mapped_group")
            identity.role_from_groups = not removed
            identity.save(update_fields=["role_from_groups"])
            return refuse(Refusal.NO_GROUP, removed=removed)
        if membership is None:
            return refuse(Refusal.NOT_MEMBER)
        role_from_groups = False
    else:
        if person is None:
            person = accounts_services.person_create(
                email=email, full_name=full_name.strip() or email.split("@")[0]
            )
        if membership is None:
            membership = accounts_services.membership_add(
                organization=organization,
                email=person.email,
                full_name=person.full_name,
                role=mapped_role,
                notify=False,
            )
        elif membership.role != mapped_role:
            # The last admin keeps the role until another admin exists.
            with contextlib.suppress(ValidationError):
                accounts_services.membership_change_role(membership=membership, role=mapped_role)
        role_from_groups = True

    assert person is not None
    identity = identity or ExternalIdentity(provider=provider, subject=subject, person=person)
    identity.role_from_groups = role_from_groups
    identity.last_login_at = timezone.now()
    if refresh_token:
        identity.refresh_token_encrypted = crypto.encrypt(refresh_token)
    identity.save()
    membership.refresh_from_db()
    audit_record(
        actor=person,
        organization=organization,
        action="sso.login",
        target=person.email,
        after={
            "protocol": provider.protocol,
            "role": membership.role,
            "role_from_groups": role_from_groups,
        },
    )
    return LoginOutcome(person=person, role=membership.role)


def _membership_end(*, membership: Membership, reason: str) -> bool:
    """End a leaver's membership (tokens revoked with it); False for the last admin, who stays."""
    try:
        accounts_services.membership_remove(membership=membership)
    except ValidationError:
        audit_record(
            actor=None,
            organization=membership.organization,
            action="sso.leaver_kept_last_admin",
            target=membership.person.email,
            after={"reason": reason},
        )
        return False
    audit_record(
        actor=None,
        organization=membership.organization,
        action="sso.leaver_removed",
        target=membership.person.email,
        after={"reason": reason},
    )
    return True


# --- Settings --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderSettings:
    """What the admin's form says; a blank ``client_secret`` keeps the stored one."""

    protocol: str
    enabled: bool = False
    require_sso: bool = False
    issuer: str = ""
    client_id: str = ""
    client_secret: str = ""
    secret_from_environment: bool = False
    scopes: str = "openid email profile"
    email_claim: str = "email"
    groups_claim: str = "groups"
    metadata_url: str = ""
    metadata_xml: str = ""
    idp_entity_id: str = ""
    email_attribute: str = "mail"
    groups_attribute: str = "memberOf"
    mappings: list[tuple[str, str]] = field(default_factory=list)


_AUDITED_FIELDS = [
    "protocol",
    "enabled",
    "require_sso",
    "issuer",
    "client_id",
    "secret_from_environment",
    "scopes",
    "email_claim",
    "groups_claim",
    "metadata_url",
    "idp_entity_id",
    "email_attribute",
    "groups_attribute",
]


def provider_settings_errors(
    settings_: ProviderSettings, *, has_secret: bool
) -> dict[str, list[str]]:
    """Everything wrong with ``settings_``, by field (empty when they can be saved)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if settings_.protocol not in Protocol.values:
        add("protocol", _("Välj protokoll."))
    if settings_.require_sso and not settings_.enabled:
        add("require_sso", _("Slå på inloggningen innan du kräver den."))
    if settings_.protocol == Protocol.OIDC:
        try:
            URLValidator(schemes=["https", "http"])(settings_.issuer)
        except ValidationError:
            add("issuer", _("Ange utfärdarens adress, t.ex. https://login.example.se/."))
        if not settings_.client_id.strip():
            add("client_id", _("Ange klient-id."))
        if "openid" not in settings_.scopes.split():
            add("scopes", _("Scopes måste innehålla openid."))
        if not settings_.email_claim.strip():
            add("email_claim", _("Ange vilket claim som bär e-postadressen."))
        if settings_.enabled and not settings_.secret_from_environment and not has_secret:
            add("client_secret", _("Ange klienthemligheten."))
    if settings_.protocol == Protocol.SAML:
        if not settings_.metadata_url.strip() and not settings_.metadata_xml.strip():
            add("metadata_url", _("Ange metadata-URL eller klistra in metadata."))
        if not settings_.idp_entity_id.strip():
            add("idp_entity_id", _("Ange identitetsleverantörens entity id."))
        if not settings_.email_attribute.strip():
            add("email_attribute", _("Ange vilket attribut som bär e-postadressen."))
    seen: set[str] = set()
    for group, role in settings_.mappings:
        if role not in Role.values:
            add("mappings", _("Välj en roll för gruppen %(group)s.") % {"group": group})
        if group in seen:
            add("mappings", _("Gruppen %(group)s står två gånger.") % {"group": group})
        seen.add(group)
    return errors


@transaction.atomic
def identity_provider_save(
    *, organization: Any, settings: ProviderSettings, by: Any
) -> IdentityProvider:
    """Create or change the organisation's provider and its group mapping; audited.

    Everything wrong is reported at once. The secret is stored encrypted and
    never returned; the audit log records only that it changed.
    """
    provider = (
        IdentityProvider.objects.select_for_update().filter(organization=organization).first()
    )
    has_secret = bool(settings.client_secret) or bool(provider and provider.client_secret_encrypted)
    errors = provider_settings_errors(settings, has_secret=has_secret)
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(provider, name) for name in _AUDITED_FIELDS} if provider else {}
    before_mappings = (
        sorted((m.group, m.role) for m in provider.group_mappings.all()) if provider else []
    )
    provider = provider or IdentityProvider(organization=organization)
    for name in _AUDITED_FIELDS:
        setattr(provider, name, getattr(settings, name))
    provider.metadata_xml = settings.metadata_xml
    if settings.client_secret:
        provider.client_secret_encrypted = crypto.encrypt(settings.client_secret)
    provider.save()
    mappings = sorted((group.strip(), role) for group, role in settings.mappings if group.strip())
    if mappings != before_mappings:
        provider.group_mappings.all().delete()
        GroupMapping.objects.bulk_create(
            GroupMapping(provider=provider, group=group, role=role) for group, role in mappings
        )
    after = {name: getattr(provider, name) for name in _AUDITED_FIELDS}
    audit_record(
        actor=by,
        organization=organization,
        action="sso.configured",
        target=organization.slug,
        before={**before, "mappings": before_mappings} if provider.pk and before else {},
        after={
            **after,
            "mappings": mappings,
            "secret_changed": bool(settings.client_secret),
        },
    )
    return provider


# --- Leavers found by the scheduled check ---------------------------------------------------


@transaction.atomic
def sso_member_refused(*, identity: ExternalIdentity, reason: str) -> bool:
    """The provider no longer accepts this person: end their membership here.

    Returns True if a membership ended. The stored refresh token is dropped.
    """
    identity = ExternalIdentity.objects.select_for_update().get(pk=identity.pk)
    identity.refresh_token_encrypted = ""
    identity.role_from_groups = False
    identity.last_checked_at = timezone.now()
    identity.save(update_fields=["refresh_token_encrypted", "role_from_groups", "last_checked_at"])
    membership = Membership.objects.filter(
        person_id=identity.person_id, organization_id=identity.provider.organization_id
    ).first()
    if membership is None:
        return False
    return _membership_end(membership=membership, reason=reason)


@transaction.atomic
def sso_member_confirmed(
    *, identity: ExternalIdentity, refresh_token: str, groups: list[str] | None
) -> bool:
    """The provider still accepts this person; apply their current groups.

    ``groups`` None means the provider did not say (their role stays). Returns
    True if the membership ended because no mapped group is left.
    """
    identity = ExternalIdentity.objects.select_for_update().get(pk=identity.pk)
    if refresh_token:
        identity.refresh_token_encrypted = crypto.encrypt(refresh_token)
    identity.last_checked_at = timezone.now()
    identity.save(update_fields=["refresh_token_encrypted", "last_checked_at"])
    if groups is None or not identity.role_from_groups:
        return False
    if selectors.role_for_groups(provider=identity.provider, groups=groups) is not None:
        return False
    return sso_member_refused(identity=identity, reason="no_mapped_group")
