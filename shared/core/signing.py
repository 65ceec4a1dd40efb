"""Values handed out in links that belong to one organisation and are refused on any other host.

Every signed value the platform puts in a link (a thank-you reference, an
organisation-switch handoff) goes through ``organization_dumps`` /
``organization_loads``. The organisation is named twice: in the signed
payload, so a reader of the link can see whom it belongs to, and in the salt,
so a value signed for one organisation does not even verify for another.
A value made with ``once=True`` carries a random id (jti) and is spent on its
first successful load (``SpentToken`` in the public schema).

Random secrets that are stored rather than signed (a portal contact's access
token) name their organisation by a prefix: ``organization_secret_create`` /
``organization_secret_owner``.
"""

from __future__ import annotations

import datetime
import re
import secrets
from typing import Any, Protocol

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

JTI_BYTES = 16
SECRET_BYTES = 32
# <organisation id>-<43 characters of token_urlsafe(32)>. Secrets made before
# organisations were named (exactly 43 characters) can never match this.
_OWNED_SECRET = re.compile(r"^(?P<organization>[1-9][0-9]{0,18})-[A-Za-z0-9_-]{43}$")


class _Organization(Protocol):
    pk: Any


def _salt(salt: str, organization: _Organization) -> str:
    return f"{salt}:organization:{organization.pk}"


def organization_dumps(
    value: Any, *, salt: str, organization: _Organization, once: bool = False
) -> str:
    """Sign ``value`` (JSON-serialisable) so that only ``organization``'s host accepts it.

    With ``once`` the value can be loaded one time only (see ``organization_loads``).
    """
    payload: dict[str, Any] = {"org": organization.pk, "v": value}
    if once:
        payload["jti"] = secrets.token_urlsafe(JTI_BYTES)
    return signing.dumps(payload, salt=_salt(salt, organization))


def organization_loads(
    token: str, *, salt: str, organization: _Organization, max_age: int, once: bool = False
) -> Any:
    """Return the value signed by ``organization_dumps`` for ``organization``.

    Raises ``signing.SignatureExpired`` for a value of this organisation that
    is older than ``max_age`` seconds, and ``signing.BadSignature`` for
    anything else that is not a value of this organisation: forged, made for
    another organisation or another purpose, or (with ``once``) already used.
    """
    data = signing.loads(token, salt=_salt(salt, organization), max_age=max_age)
    if not isinstance(data, dict) or data.get("org") != organization.pk or "v" not in data:
        raise signing.BadSignature("The value belongs to another organisation.")
    if once:
        jti = data.get("jti")
        if not isinstance(jti, str) or not jti:
            raise signing.BadSignature("The value is not a one-time value.")
        if not _spend(jti=jti, purpose=salt, max_age=max_age):
            raise signing.BadSignature("The value has been used already.")
    return data["v"]


def _spend(*, jti: str, purpose: str, max_age: int) -> bool:
    """Record ``jti`` as used; False if it was used before.

    The row is kept until the value would have expired anyway; older rows are
    removed on the way, so the table holds at most ``max_age`` seconds of uses.
    """
    from shared.core.models import SpentToken

    now = timezone.now()
    SpentToken.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            SpentToken.objects.create(
                jti=jti,
                purpose=purpose[:100],
                expires_at=now + datetime.timedelta(seconds=max_age),
            )
    except IntegrityError:
        return False
    return True


def organization_secret_create(*, organization: _Organization) -> str:
    """Return a new random secret whose prefix names ``organization``."""
    return f"{organization.pk}-{secrets.token_urlsafe(SECRET_BYTES)}"


def organization_secret_owner(secret: str) -> int | None:
    """Return the id of the organisation a secret names, or None for an older, unnamed one."""
    match = _OWNED_SECRET.match(secret)
    return int(match["organization"]) if match else None


def organization_secret_refused(secret: str, *, organization: _Organization) -> bool:
    """True if ``secret`` names an organisation other than ``organization``.

    Unnamed secrets (made before organisations were named) are not refused
    here: they are only ever looked up in the schema of the organisation that
    stored them, so they stay as bound to it as they always were.
    """
    owner = organization_secret_owner(secret)
    return owner is not None and owner != organization.pk
