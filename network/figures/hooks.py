"""The tenant side's one call: "this organisation's figures changed", sent after commit.

``tenants.audit.services.audit_event_record`` calls ``organization_changed``
inside the transaction of every audited change, so every service that changes
what the figures count is covered without a call of its own. Public network
rows (adoptions, co-signatures) mark the organisations they name through the
signals in ``network.figures.signals``.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

logger = logging.getLogger(__name__)


def _mark(organization_id: int) -> None:
    from network.figures import services

    try:
        services.figures_mark_dirty(organization_id=organization_id)
    except Exception:
        # The change itself is committed; the scheduled recount repairs a lost mark.
        logger.exception("Could not queue a recount of organisation %s.", organization_id)


def organization_changed(*, organization_id: int | None = None) -> None:
    """Queue a recount of the organisation (the current schema's by default) once this commits."""
    if organization_id is None:
        tenant = getattr(connection, "tenant", None)
        schema_name = getattr(tenant, "schema_name", None)
        if not schema_name or schema_name == get_public_schema_name():
            return
        organization_id = getattr(tenant, "pk", None) or _organization_id_of(schema_name)
        if organization_id is None:
            return
    found = organization_id
    transaction.on_commit(lambda: _mark(found))


def _organization_id_of(schema_name: str) -> int | None:
    from shared.organizations.models import Organization

    return Organization.objects.filter(schema_name=schema_name).values_list("pk", flat=True).first()
