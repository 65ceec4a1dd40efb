"""Reads: an organisation's identity provider, and whether a password may be used there."""

from __future__ import annotations

from typing import Any

from shared.accounts.models import Role
from shared.sso.models import GroupMapping, IdentityProvider

# The most powerful role wins when a person is in several mapped groups.
ROLE_PRECEDENCE = [Role.ADMIN, Role.COACH, Role.COUNCIL_MEMBER, Role.STAFF, Role.VIEWER]


def provider_of(*, organization: Any) -> IdentityProvider | None:
    """The organisation's identity provider, configured or not; None if it has none."""
    if organization is None or getattr(organization, "schema_name", "public") == "public":
        return None
    return (
        IdentityProvider.objects.select_related("organization")
        .filter(organization=organization)
        .first()
    )


def enabled_provider_of(*, organization: Any) -> IdentityProvider | None:
    """The organisation's identity provider if members can log in by it now."""
    provider = provider_of(organization=organization)
    return provider if provider is not None and provider.enabled else None


def password_login_refused(*, person: Any, organization: Any) -> bool:
    """True if ``person`` must log in by the organisation's provider on its host.

    Platform staff keep their own login everywhere: they are no member of the
    municipality's directory, and support must not depend on it.
    """
    if getattr(person, "is_platform_staff", False):
        return False
    provider = enabled_provider_of(organization=organization)
    return provider is not None and provider.require_sso


def role_for_groups(*, provider: IdentityProvider, groups: list[str]) -> str | None:
    """The role the provider's ``groups`` give here, or None when no mapping matches."""
    mapped = set(
        GroupMapping.objects.filter(provider=provider, group__in=groups).values_list(
            "role", flat=True
        )
    )
    return next((role for role in ROLE_PRECEDENCE if role in mapped), None)


def group_mappings_of(*, provider: IdentityProvider) -> list[GroupMapping]:
    return list(GroupMapping.objects.filter(provider=provider).order_by("group"))
