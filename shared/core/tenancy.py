"""The current schema of the database connection, typed (django-tenants adds it at run time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django_tenants.utils import get_public_schema_name

if TYPE_CHECKING:
    from shared.organizations.models import Organization


def current_schema_name() -> str:
    """Return the schema the default connection is set to."""
    return connection.schema_name  # type: ignore[attr-defined]


def use_public_schema() -> None:
    """Point the default connection back at the public schema."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def current_organization() -> Organization | None:
    """Return the organisation whose schema the connection uses; None in the public schema.

    django-tenants puts the Organization on the connection when a request or a
    task switched to it; ``schema_context`` only sets a stand-in, so look it up then.
    """
    from shared.organizations.models import Organization

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Organization):
        return tenant
    schema_name = current_schema_name()
    if schema_name == get_public_schema_name():
        return None
    return Organization.objects.filter(schema_name=schema_name).first()
