"""Keeping published snapshots current, in the origin organisation's schema (queue "default")."""

from __future__ import annotations

from celery import shared_task

from tenants.sharing import services


@shared_task(name="sharing.refresh_publication")
def publication_refresh(*, kind: str, source_id: int, **kwargs: object) -> bool:
    """Refresh the snapshot of one published source; idempotent. Return whether it changed."""
    return services.publication_refresh(kind=kind, source_id=source_id)
