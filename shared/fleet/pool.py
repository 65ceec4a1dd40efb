"""The pool of ready organisation schemas: made in advance, taken by renaming.

A pooled schema is a clone of the template at the current migrations, named
``_pool_<hex>`` (no organisation's schema starts with an underscore). Taking
one is a ``DELETE … FOR UPDATE SKIP LOCKED`` of its row and an ``ALTER SCHEMA
… RENAME`` in the provisioning's own transaction: two provisionings never get
the same schema, and a provisioning that fails gives it back untouched. See
docs/decisions/0015-schema-pool-and-fleet-migrations.md.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from psycopg2 import sql

from shared.fleet import connections, plan
from shared.fleet.models import PooledSchema

POOL_PREFIX = "_pool_"
# pg_advisory_lock key: one refill at a time across every worker.
_FILL_LOCK_KEY = 0x1DE5_0001


def pooled_schema_take(*, schema_name: str) -> str | None:
    """Rename a pooled schema at the current migrations to ``schema_name``; return its old name.

    Runs in the caller's transaction (a rollback gives the schema back to the
    pool); returns None when the pool has no schema ready, and takes none that
    another transaction is taking.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Take a pooled schema inside the transaction that uses it.")
    pooled = (
        PooledSchema.objects.select_for_update(skip_locked=True)
        .filter(migration_state=plan.migration_state())
        .order_by("pk")
        .first()
    )
    if pooled is None:
        return None
    pooled.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                sql.Identifier(pooled.schema_name), sql.Identifier(schema_name)
            )
        )
    return pooled.schema_name


def schema_pool_fill(*, size: int | None = None) -> list[str]:
    """Make pooled schemas until ``size`` are ready (default: the setting); return their names.

    Pooled schemas made before the latest migrations (a deploy that skipped
    the fleet migration) are dropped first. Each schema is made and recorded
    in its own transaction; a second refill running at the same time returns at once.
    """
    from shared.organizations import schemas  # organisations' provisioning imports this module

    size = settings.ORGANIZATION_SCHEMA_POOL_SIZE if size is None else size
    made: list[str] = []
    if size <= 0:
        return made
    state = plan.migration_state()
    with _fill_lock() as locked:
        if not locked:
            return made
        for stale in PooledSchema.objects.exclude(migration_state=state).order_by("pk"):
            with transaction.atomic():
                schemas.schema_drop(schema_name=stale.schema_name)
                stale.delete()
        while PooledSchema.objects.filter(migration_state=state).count() < size:
            name = POOL_PREFIX + secrets.token_hex(6)
            with transaction.atomic():
                schemas.schema_create(schema_name=name, strategy=schemas.STRATEGY_CLONE)
                PooledSchema.objects.create(schema_name=name, migration_state=state)
            made.append(name)
    connections.schemas_touched(len(made))
    return made


def pooled_schema_names() -> list[str]:
    """Return the pooled schemas' names, oldest first."""
    return list(PooledSchema.objects.order_by("pk").values_list("schema_name", flat=True))


def pooled_schemas_mark_current(*, schema_names: list[str]) -> None:
    """Record that ``schema_names`` have every current migration (the fleet migration did it)."""
    PooledSchema.objects.filter(schema_name__in=schema_names).update(
        migration_state=plan.migration_state()
    )


@contextmanager
def _fill_lock() -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_FILL_LOCK_KEY])
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_FILL_LOCK_KEY])
