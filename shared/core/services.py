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
    """Write an audit row; call it inside the transaction of the change it records."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        organization=organization,
        action=action,
        target=target,
        before=before or {},
        after=after or {},
    )
