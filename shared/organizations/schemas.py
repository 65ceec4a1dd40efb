"""Create an organisation's schema: from the pool, by cloning a template, or by migrating.

All three paths are kept because ``bench/provision.py`` measures them against
each other; ``ORGANIZATION_SCHEMA_STRATEGY`` chooses the one in use (see
docs/decisions/0002-schema-creation.md and 0015 for the figures). The pool
falls back to cloning when it has no schema ready.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists
from psycopg2 import sql

from shared.core.tenancy import use_public_schema

STRATEGY_MIGRATE = "migrate"
STRATEGY_CLONE = "clone"
STRATEGY_POOL = "pool"
STRATEGIES = (STRATEGY_MIGRATE, STRATEGY_CLONE, STRATEGY_POOL)


def schema_create(*, schema_name: str, strategy: str | None = None) -> None:
    """Create ``schema_name`` with every tenant table, in the caller's transaction."""
    strategy = strategy or settings.ORGANIZATION_SCHEMA_STRATEGY
    if strategy == STRATEGY_MIGRATE:
        _create_by_migrating(schema_name)
    elif strategy == STRATEGY_CLONE:
        _create_by_cloning(schema_name)
    elif strategy == STRATEGY_POOL:
        _create_from_pool(schema_name)
    else:
        raise ValueError(f"Unknown schema strategy {strategy!r}; use one of {STRATEGIES}.")
    use_public_schema()


def schema_drop(*, schema_name: str) -> None:
    """Drop ``schema_name`` and everything in it. Only tests and benchmarks call this."""
    if schema_name == settings.PUBLIC_SCHEMA_NAME:
        raise ValueError("The public schema is never dropped.")
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema_name))
        )


def template_schema_ensure() -> str:
    """Bring the template schema to the latest tenant migrations; return its name.

    Cloning copies the template with its data (``DATA`` mode), so rows that
    migrations seed (content types, default stages) come along; the template
    is migrated first whenever the code has migrations it lacks.
    """
    template = settings.ORGANIZATION_TEMPLATE_SCHEMA
    if not schema_exists(template):
        _create_by_migrating(template)
    elif _pending_tenant_migrations(template):
        _migrate(template)
    use_public_schema()
    return template


def _create_by_migrating(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)))
    _migrate(schema_name)


def _migrate(schema_name: str) -> None:
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=schema_name,
        interactive=False,
        verbosity=0,
    )


def _create_by_cloning(schema_name: str) -> None:
    template = template_schema_ensure()
    CloneSchema().clone_schema(template, schema_name, "DATA")
    _restore_constraint_names(template=template, schema_name=schema_name)


def _create_from_pool(schema_name: str) -> None:
    from shared.fleet import pool, tasks  # the fleet clones through this module

    if pool.pooled_schema_take(schema_name=schema_name) is None:
        _create_by_cloning(schema_name)
    # The pool is refilled after the organisation exists, outside its transaction.
    transaction.on_commit(lambda: tasks.schema_pool_fill.delay())


# The clone recreates unique constraints under PostgreSQL's default names
# (``…_key``), while migrations name them (``…_76bd3d3b_uniq``). A later
# migration that drops a constraint by name would then fail on cloned
# schemas only, so give every constraint the name it has in the template.
_MISNAMED_CONSTRAINTS_SQL = """
SELECT clone_table.relname, clone_constraint.conname, template_constraint.conname
FROM pg_constraint template_constraint
JOIN pg_class template_table ON template_table.oid = template_constraint.conrelid
JOIN pg_class clone_table
  ON clone_table.relname = template_table.relname
 AND clone_table.relnamespace = %(schema)s::regnamespace
JOIN pg_constraint clone_constraint
  ON clone_constraint.conrelid = clone_table.oid
 AND clone_constraint.contype = template_constraint.contype
 AND pg_get_constraintdef(clone_constraint.oid) = pg_get_constraintdef(template_constraint.oid)
WHERE template_constraint.connamespace = %(template)s::regnamespace
  AND template_constraint.contype IN ('u', 'p', 'c', 'x')
  AND clone_constraint.conname <> template_constraint.conname
"""


def _restore_constraint_names(*, template: str, schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_MISNAMED_CONSTRAINTS_SQL, {"schema": schema_name, "template": template})
        for table, cloned_name, template_name in cursor.fetchall():
            cursor.execute(
                sql.SQL("ALTER TABLE {}.{} RENAME CONSTRAINT {} TO {}").format(
                    sql.Identifier(schema_name),
                    sql.Identifier(table),
                    sql.Identifier(cloned_name),
                    sql.Identifier(template_name),
                )
            )


def _pending_tenant_migrations(schema_name: str) -> bool:
    """Tell whether the code has tenant migrations that ``schema_name`` has not recorded."""
    from shared.fleet import plan  # the fleet clones through this module

    wanted = plan.migration_keys()  # loaded once per process
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = set(cursor.fetchall())
    return bool(wanted - applied)
