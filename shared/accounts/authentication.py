"""API authentication by an organisation's API token (``Authorization: Token <key>``).

A token belongs to one person in one organisation. It authenticates only on
that organisation's host: anywhere else it is refused with 403, even when the
person is a member there too, so a key copied to another organisation's
client opens nothing. Revoked and expired tokens are refused with 401.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from shared.accounts import services
from shared.accounts.models import ApiToken, Membership

KEYWORD = "Token"
# Record use at most this often, so reading with a token is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _membership_columns() -> dict[str, Subquery]:
    """The token person's membership of the token's organisation, read with the token."""
    membership = Membership.objects.filter(
        person=OuterRef("person_id"), organization=OuterRef("organization_id")
    )
    return {
        "membership_pk": Subquery(membership.values("pk")[:1]),
        "membership_role": Subquery(membership.values("role")[:1]),
    }


def _membership_of(token: Any, organization: Any) -> Membership | None:
    """The membership read with ``token``; its other columns load if something asks."""
    if token.membership_pk is None:
        return None
    membership = Membership.from_db(
        token._state.db,
        ["id", "person_id", "organization_id", "role"],
        [token.membership_pk, token.person_id, token.organization_id, token.membership_role],
    )
    membership.person = token.person
    membership.organization = organization
    return membership


class OrganizationTokenAuthentication(BaseAuthentication):
    """Authenticate with a token of the host's organisation."""

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ange nyckeln som ”Token <nyckel>”."))
        try:
            key = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Ogiltig API-nyckel.")) from error
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.schema_name == "public":
            # The public site has no organisation API: a token means nothing there.
            return None
        token = (
            ApiToken.objects.select_related("person")
            .annotate(**_membership_columns())
            .filter(key_hash=services.api_token_hash(key))
            .first()
        )
        now = timezone.now()
        if token is None or not token.is_usable(at=now) or not token.person.is_active:
            raise exceptions.AuthenticationFailed(
                _("API-nyckeln är ogiltig, har gått ut eller har återkallats.")
            )
        if token.organization_id != tenant.pk:
            raise exceptions.PermissionDenied(_("API-nyckeln gäller en annan organisation."))
        stale = now - LAST_USED_RESOLUTION
        if token.last_used_at is None or token.last_used_at < stale:
            # The condition again in the UPDATE: of requests racing in one minute, one writes.
            ApiToken.objects.filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale), pk=token.pk
            ).update(last_used_at=now)
        # HasCapability needs the membership: it came with the token, no second query.
        request._request.membership = _membership_of(token, tenant)
        return token.person, token

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD


class OrganizationTokenScheme(OpenApiAuthenticationExtension):
    """Describe the token in the OpenAPI schema."""

    target_class = OrganizationTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An API key of this organisation, sent as `Token <key>`.",
        }
