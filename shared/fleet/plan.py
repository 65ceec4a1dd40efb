"""What every organisation schema should have recorded: the migrations on disk, loaded once."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.migrations.loader import MigrationLoader

MigrationKey = tuple[str, str]

_cache: dict[str, frozenset[MigrationKey]] = {}


def _cache_key() -> str:
    # Tests point an app at other migrations (MIGRATION_MODULES); each set is its own entry.
    return repr(sorted(getattr(settings, "MIGRATION_MODULES", {}).items()))


def migration_keys() -> frozenset[MigrationKey]:
    """Return every migration a fully migrated organisation schema records.

    ``migrate_schemas`` runs every app's migrations in a tenant schema (the
    router turns the shared apps' operations into no-ops) and records them all,
    so the set is every node of the migration graph. Loaded once per process.
    """
    key = _cache_key()
    if key not in _cache:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _cache[key] = frozenset(loader.graph.nodes)
    return _cache[key]


def migration_state() -> str:
    """Return a digest of ``migration_keys()``: equal digests, equal migration records."""
    joined = "\n".join(f"{app}.{name}" for app, name in sorted(migration_keys()))
    return hashlib.sha256(joined.encode()).hexdigest()
