"""Password reset and set-password tokens that belong to one organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class OrganizationPasswordResetTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token, valid only on the host of the organisation it was made for.

    The organisation is part of the hashed value and of the HMAC key's salt:
    a token made on one organisation's host does not check on another's. It
    still dies when the password or the last login changes, and after
    ``PASSWORD_RESET_TIMEOUT``.
    """

    def __init__(self, organization: Any) -> None:
        super().__init__()
        self.organization_id = organization.pk
        self.key_salt = f"{PasswordResetTokenGenerator.key_salt}:organization:{organization.pk}"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        return f"organization:{self.organization_id}:{super()._make_hash_value(user, timestamp)}"


def password_token_generator(organization: Any) -> OrganizationPasswordResetTokenGenerator:
    """Return the generator of reset and set-password tokens for ``organization``."""
    return OrganizationPasswordResetTokenGenerator(organization)
