"""The scheduled check of members who logged in by their organisation's provider.

For OpenID Connect the provider is asked with each member's refresh token
(the only way to ask about a person without them present, and the one every
provider offers): a refused refresh is the provider's word that the person
may no longer log in, and the membership ends; a granted one brings the
person's current groups, which the group mapping then applies. A provider
that cannot be reached ends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from shared.sso import crypto, oidc, services
from shared.sso.models import ExternalIdentity, IdentityProvider, Protocol

logger = logging.getLogger(__name__)


@dataclass
class CheckResult:
    checked: int = 0
    removed: int = 0
    unreachable: bool = False


def provider_members_check(*, provider: IdentityProvider) -> CheckResult:
    """Ask ``provider`` about every person who logged in by it and still may; apply its answer."""
    result = CheckResult()
    if not provider.enabled or provider.protocol != Protocol.OIDC:
        return result
    try:
        metadata = oidc.discover(provider.issuer)
    except oidc.ProviderError:
        logger.warning(
            "SSO check: provider of organisation %s unreachable", provider.organization_id
        )
        result.unreachable = True
        return result
    identities = (
        ExternalIdentity.objects.select_related("provider__organization")
        .filter(provider=provider)
        .exclude(refresh_token_encrypted="")
    )
    for identity in identities:
        refresh_token = crypto.decrypt(identity.refresh_token_encrypted)
        result.checked += 1
        try:
            tokens = oidc.refresh(provider=provider, metadata=metadata, refresh_token=refresh_token)
        except oidc.TokenRefused:
            result.removed += services.sso_member_refused(
                identity=identity, reason="provider_refused"
            )
            continue
        except oidc.ProviderError:
            result.unreachable = True
            continue
        groups = _groups(provider=provider, metadata=metadata, tokens=tokens, identity=identity)
        result.removed += services.sso_member_confirmed(
            identity=identity,
            refresh_token=str(tokens.get("refresh_token") or ""),
            groups=groups,
        )
    return result


def _groups(
    *,
    provider: IdentityProvider,
    metadata: dict[str, Any],
    tokens: dict[str, Any],
    identity: ExternalIdentity,
) -> list[str] | None:
    """The person's groups now (from the userinfo endpoint), or None if the provider won't say."""
    if not provider.groups_claim:
        return None
    try:
        info = oidc.userinfo(
            metadata=metadata,
            access_token=str(tokens.get("access_token") or ""),
            subject=identity.subject,
        )
    except oidc.ProviderError:
        return None
    if provider.groups_claim not in info:
        return None
    groups = info[provider.groups_claim]
    if isinstance(groups, str):
        groups = [groups]
    return [str(group) for group in groups] if isinstance(groups, list) else None
