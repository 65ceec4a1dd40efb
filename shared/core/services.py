"""Writes shared by every public-schema app."""

from __future__ import annotations

from typing import Any

from shared.core.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    organization: Any = None,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write a platform audit row; call it inside the transaction of the change it records.

    For platform changes only (organisations, memberships), in the public schema.
    A change inside an organisation goes to its own log instead:
    ``tenants.audit.services.audit_event_record``.
    """
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organization=organization,
        action=action,
        target=target,
        before=before or {},
        after=after or {},
    )
