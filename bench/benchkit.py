"""What every benchmark here shares: a fresh database, seeding helpers, percentiles.

Scripts in bench/ are run as files (``python bench/x.py``), so this module is
imported from the script's own folder.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(PROJECT_DIR / "platform"), str(PROJECT_DIR)]


def prepare_database(name: str) -> None:
    """Point Django at a new, empty database ``name`` on the same server."""
    import psycopg2
    from psycopg2 import sql

    from config import database

    server_url = os.environ.get("DATABASE_URL") or database.embedded_database_url("postgres")
    admin = psycopg2.connect(database.with_database_name(server_url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    os.environ["DATABASE_URL"] = database.with_database_name(server_url, name)


@contextlib.contextmanager
def explicit_timestamps(*fields: Any) -> Iterator[None]:
    """Let bulk_create keep the timestamps we set (seeding only: history lies in the past)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


def percentile(values: list[float], share: float) -> float:
    """The value at ``share`` (0–1) of the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
