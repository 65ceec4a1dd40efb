"""The current schema of the database connection, typed (django-tenants adds it at run time)."""

from __future__ import annotations

from django.db import connection


def current_schema_name() -> str:
    """Return the schema the default connection is set to."""
    return connection.schema_name  # type: ignore[attr-defined]


def use_public_schema() -> None:
    """Point the default connection back at the public schema."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
