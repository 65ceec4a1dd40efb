"""Schemas made in advance, waiting to become an organisation's."""

from __future__ import annotations

from django.db import models


class PooledSchema(models.Model):
    """An empty organisation schema, made in advance at a known migration state (schemapool)."""

    schema_name = models.CharField(max_length=63, unique=True)
    # A digest of the tenant migrations the schema has recorded (shared/fleet/plan.py):
    # a schema made before a migration is never handed out.
    migration_state = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.schema_name
