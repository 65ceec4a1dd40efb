"""Reads of the network and of the coordinator's figures from a read replica, when there is one.

``DATABASE_REPLICA_URL`` adds the ``replica`` alias (platform/config/settings/
base.py). This router sends reads of the network's publications (the network
search) and of the coordinator's kept figures there, outside transactions
only: a service reads what it is about to change on the primary, inside its
own transaction. Writes, migrations and every tenant app stay on the primary.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

REPLICA = "replica"
PRIMARY = "default"
# Public apps whose reads may lag the primary by the replica's delay.
REPLICA_APP_LABELS = frozenset({"exchange", "figures"})


def replica_configured() -> bool:
    """Tell whether a read replica is configured (DATABASE_REPLICA_URL)."""
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Route network and figures reads to the replica; everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if (
            model._meta.app_label in REPLICA_APP_LABELS
            and replica_configured()
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        return True  # one database: the replica is a copy of the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
