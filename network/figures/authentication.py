"""The coordinator's API key (``Authorization: Token <key>``) for the figures API.

A different key from an organisation's: it opens ``/api/v1/figures/`` on the
public site and nothing else. On an organisation's host it is not one of that
organisation's keys, so it is refused there like any unknown key.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from network.figures import services
from network.figures.models import CoordinatorToken

KEYWORD = "Token"


class CoordinatorTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, CoordinatorToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Ange nyckeln som ”Token <nyckel>”."))
        try:
            key = parts[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Ogiltig API-nyckel.")) from error
        token = (
            CoordinatorToken.objects.select_related("person")
            .usable(at=timezone.now())
            .filter(key_hash=services.coordinator_token_hash(key))
            .first()
        )
        if token is None or not token.person.is_active:
            raise exceptions.AuthenticationFailed(
                _("API-nyckeln är ogiltig, har gått ut eller har återkallats.")
            )
        return token.person, token

    def authenticate_header(self, request: Any) -> str:
        return KEYWORD


class CoordinatorTokenScheme(OpenApiAuthenticationExtension):
    target_class = CoordinatorTokenAuthentication
    name = "coordinatorTokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A national coordinator's API key, sent as `Token <key>`.",
        }
