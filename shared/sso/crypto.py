"""Encrypt what must be stored but never shown: client secrets and refresh tokens.

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``, under the keys in
``SSO_SECRET_KEYS`` (newest first, so a key can be rotated: new values use the
first, old ones still open with the others). Without them the key is derived
from ``SECRET_KEY`` by HKDF, so a copy of the database alone opens nothing.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"idesluss.sso.secrets"


def _derived_key() -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        settings.SECRET_KEY.encode()
    )
    return base64.urlsafe_b64encode(key)


def _fernet() -> MultiFernet:
    keys = [key.encode() for key in settings.SSO_SECRET_KEYS] or [_derived_key()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(value: str) -> str:
    """Return ``value`` encrypted (empty stays empty)."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    """Return the plain text of an ``encrypt`` result; empty if it cannot be opened."""
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return ""
