"""Migrate every organisation schema (and the template and the pool) after the shared one.

What does not depend on the schema is done once per run, not once per schema
as ``migrate_schemas`` does: the migration graph is loaded once, schemas that
have recorded the same migrations share one plan and one rendered project
state, the ``pre_migrate`` work (content types' rename operations) runs once
per plan, and the content types that ``post_migrate`` would create are
listed once and written with one statement per schema. A schema that is up to
date costs its share of one query. The schemas are migrated by
``FLEET_MIGRATION_CONNECTIONS`` forked processes, each with its own
connection; each schema in its own transaction, so a failure stops the run at
that schema and a rerun continues where it stopped. See
docs/decisions/0015-schema-pool-and-fleet-migrations.md.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.conf import settings
from django.core.management.sql import emit_pre_migrate_signal
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState
from psycopg2 import sql

from shared.fleet import connections as fleet_connections
from shared.fleet import plan, pool
from shared.fleet.plan import MigrationKey

Log = Callable[[str], None]


def no_log(line: str) -> None:
    """Drop a progress line."""


# Schemas whose migration records are read with one statement.
_READ_CHUNK = 100


@dataclass
class FleetReport:
    """What a fleet migration did, schema by schema."""

    migrated: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    not_started: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.not_started

    def summary(self) -> str:
        lines = [
            f"Fleet migration: {len(self.migrated)} migrated, {len(self.up_to_date)} up to date, "
            f"{len(self.failed)} failed, {len(self.not_started)} not started "
            f"({self.seconds:.1f} s)."
        ]
        for schema_name, error in self.failed.items():
            lines.append(f"FAILED {schema_name}: {error}")
        if self.not_started:
            lines.append("Not started: " + ", ".join(self.not_started))
        if self.missing:
            lines.append("No schema in the database (skipped): " + ", ".join(self.missing))
        if not self.ok:
            lines.append(
                "Every schema listed as failed or not started is as it was before this run "
                "(each schema is migrated in its own transaction). Fix the cause and run the "
                "command again: schemas already migrated cost one query each."
            )
        return "\n".join(lines)


@dataclass
class _Plan:
    """The work for every schema that has recorded the same migrations."""

    migrations: list[Migration]
    state: ProjectState  # rendered, before the first migration of the plan
    atomic: bool


@dataclass
class _Run:
    loader: MigrationLoader
    plans: dict[frozenset[MigrationKey], _Plan]
    content_types: list[tuple[str, str]]


# Filled before the worker processes fork: they inherit it instead of rebuilding it.
_RUN: _Run | None = None


def fleet_schema_names() -> list[str]:
    """Return every schema a migration must reach: organisations', the template, the pool."""
    from shared.organizations.models import Organization

    names = list(
        Organization.objects.tenants().order_by("pk").values_list("schema_name", flat=True)
    )
    names.append(settings.ORGANIZATION_TEMPLATE_SCHEMA)
    names.extend(pool.pooled_schema_names())
    return list(dict.fromkeys(names))


def fleet_migrate(
    *,
    schema_names: Iterable[str] | None = None,
    processes: int | None = None,
    log: Log = no_log,
) -> FleetReport:
    """Bring ``schema_names`` (default: the whole fleet) to the migrations on disk.

    The shared schema is migrated first by the caller (``migrate_fleet`` does it).
    """
    global _RUN
    started = time.perf_counter()
    names = list(fleet_schema_names() if schema_names is None else schema_names)
    processes = max(1, processes or settings.FLEET_MIGRATION_CONNECTIONS)
    report = FleetReport()
    expected = plan.migration_keys()

    applied = _applied_migrations(names)
    report.missing = [name for name in names if name not in applied]
    pending: dict[str, frozenset[MigrationKey]] = {}
    for name in names:
        if name not in applied:
            continue
        recorded = frozenset(applied[name] & expected)
        if recorded == expected:
            report.up_to_date.append(name)
        else:
            pending[name] = recorded
    log(
        f"{len(names)} schemas: {len(report.up_to_date)} up to date, {len(pending)} to migrate "
        f"({time.perf_counter() - started:.2f} s to find out)"
    )

    if pending:
        _RUN = _prepare(set(pending.values()))
        try:
            _migrate_pending(pending, processes=processes, report=report, log=log)
        finally:
            _RUN = None
    current = list(report.migrated + report.up_to_date)
    pooled = [name for name in current if name.startswith(pool.POOL_PREFIX)]
    if pooled:
        pool.pooled_schemas_mark_current(schema_names=pooled)
    report.seconds = time.perf_counter() - started
    return report


def _applied_migrations(names: list[str]) -> dict[str, set[MigrationKey]]:
    """Read every schema's migration records: one query per hundred schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname, to_regclass(quote_ident(nspname) || '.django_migrations') IS NOT NULL "
            "FROM pg_namespace WHERE nspname = ANY(%s)",
            [names],
        )
        exists = dict(cursor.fetchall())
        applied: dict[str, set[MigrationKey]] = {name: set() for name in exists}
        ordered = [name for name in names if exists.get(name)]
        for start in range(0, len(ordered), _READ_CHUNK):
            chunk = ordered[start : start + _READ_CHUNK]
            query = sql.SQL(" UNION ALL ").join(
                sql.SQL("SELECT {}::text, app, name FROM {}.django_migrations").format(
                    sql.Literal(name), sql.Identifier(name)
                )
                for name in chunk
            )
            cursor.execute(query)
            for name, app, migration in cursor.fetchall():
                applied[name].add((app, migration))
    return applied


def _prepare(recorded_sets: set[frozenset[MigrationKey]]) -> _Run:
    """Load the graph once; per distinct set of records, one plan and one rendered state."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    executor = _Executor(connection, loader)
    targets = loader.graph.leaf_nodes()
    plans: dict[frozenset[MigrationKey], _Plan] = {}
    signalled: set[MigrationKey] = set()
    for recorded in recorded_sets:
        loader.applied_migrations = dict.fromkeys(recorded)  # type: ignore[assignment]
        migrations = [migration for migration, _backwards in executor.migration_plan(targets)]
        state = executor._create_project_state(with_applied_migrations=True)  # type: ignore[attr-defined]
        state.apps  # noqa: B018 (render the models once, here, not in every schema)
        # pre_migrate adds content types' rename operations to the migrations: once each.
        fresh = [m for m in migrations if (m.app_label, m.name) not in signalled]
        emit_pre_migrate_signal(
            0, False, connection.alias, apps=state.apps, plan=[(m, False) for m in fresh]
        )
        signalled.update((m.app_label, m.name) for m in fresh)
        plans[recorded] = _Plan(
            migrations=migrations,
            state=state,
            atomic=all(migration.atomic for migration in migrations),
        )
    return _Run(loader=loader, plans=plans, content_types=_content_types(loader))


def _content_types(loader: MigrationLoader) -> list[tuple[str, str]]:
    """List the content types post_migrate creates in a schema, in the order it creates them."""
    if "django.contrib.contenttypes" not in settings.TENANT_APPS:
        return []
    final: set[tuple[str, str]] = set(loader.project_state().models)
    ordered = [
        (model._meta.app_label, str(model._meta.model_name))
        for app_config in global_apps.get_app_configs()
        for model in app_config.get_models()
        if (model._meta.app_label, model._meta.model_name) in final
    ]
    registered = {
        (model._meta.app_label, str(model._meta.model_name))
        for model in global_apps.get_models(include_auto_created=True, include_swapped=True)
    }
    # Models only the migrations know (the code has none yet, or no longer); swapped ones
    # (auth.User) are registered and get no content type.
    return ordered + sorted(key for key in final if key not in registered)


class _Executor(MigrationExecutor):
    """Django's executor on a graph loaded once (its own __init__ loads it again)."""

    def __init__(self, connection: BaseDatabaseWrapper, loader: MigrationLoader) -> None:
        self.connection = connection
        self.loader = loader
        self.recorder = MigrationRecorder(connection)
        self.progress_callback = None


def _migrate_pending(
    pending: dict[str, frozenset[MigrationKey]],
    *,
    processes: int,
    report: FleetReport,
    log: Log,
) -> None:
    queue = list(pending.items())
    total = len(queue)
    if processes == 1 or total == 1:
        for index, (name, recorded) in enumerate(queue):
            outcome = _migrate_schema(name, recorded)
            _record(outcome, report=report, log=log, position=f"{index + 1}/{total}")
            if outcome[1] is not None:
                report.not_started = [later for later, _ in queue[index + 1 :]]
                return
        return

    connections.close_all()  # the children open their own
    context = multiprocessing.get_context("fork")
    done = 0
    with ProcessPoolExecutor(max_workers=min(processes, total), mp_context=context) as workers:
        running: set[Future[tuple[str, str | None, int, float]]] = set()
        while queue or running:
            while queue and len(running) < processes and not report.failed:
                name, recorded = queue.pop(0)
                running.add(workers.submit(_migrate_schema, name, recorded))
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                done += 1
                _record(future.result(), report=report, log=log, position=f"{done}/{total}")
            if report.failed and not running:
                break
    report.not_started = [name for name, _ in queue]


def _record(
    outcome: tuple[str, str | None, int, float], *, report: FleetReport, log: Log, position: str
) -> None:
    name, error, applied, seconds = outcome
    if error is None:
        report.migrated.append(name)
        log(f"[{position}] {name}: {applied} migrations in {seconds:.2f} s")
    else:
        report.failed[name] = error
        log(f"[{position}] {name}: FAILED after {seconds:.2f} s: {error}")


def _migrate_schema(
    name: str, recorded: frozenset[MigrationKey]
) -> tuple[str, str | None, int, float]:
    """Apply the plan for ``recorded`` in schema ``name`` in one transaction; never raise."""
    assert _RUN is not None
    work = _RUN.plans[recorded]
    started = time.perf_counter()
    connection.set_schema(name)  # type: ignore[attr-defined]
    try:
        # A migration that cannot run in a transaction (atomic = False) makes the schema's
        # run non-atomic, as it is under migrate_schemas.
        with transaction.atomic() if work.atomic else contextlib.nullcontext():
            executor = _Executor(connection, _RUN.loader)
            state = work.state.clone()
            for migration in work.migrations:
                state = executor.apply_migration(state, migration)
            _content_types_create(_RUN.content_types)
    except Exception as error:  # reported; the run stops at this schema
        last = traceback.format_exception_only(error)[-1].strip()
        return name, last, 0, time.perf_counter() - started
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        fleet_connections.schemas_touched(1)
    return name, None, len(work.migrations), time.perf_counter() - started


def _content_types_create(content_types: list[tuple[str, str]]) -> None:
    if not content_types:
        return
    labels, models = zip(*content_types, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_content_type (app_label, model) "
            "SELECT t.app_label, t.model "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(app_label, model, position) "
            "WHERE NOT EXISTS (SELECT 1 FROM django_content_type c "
            "WHERE c.app_label = t.app_label AND c.model = t.model) "
            "ORDER BY t.position",
            [list(labels), list(models)],
        )
