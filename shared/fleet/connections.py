"""Keep long-running work from paying for every schema its connection has touched.

A PostgreSQL server process caches the catalogue entries of every relation it
has opened and never gives them back: a connection that has cloned, renamed
or migrated a hundred schemas holds hundreds of megabytes, and every later
catalogue lookup gets slower (issue 10 measured 0.4 s for the first
provisioning in one process and 16 s for the 80th). Work that moves from
schema to schema counts the schemas it touches here; past
``FLEET_SCHEMAS_PER_CONNECTION`` the connection is closed between units of
work, and the next query opens a fresh one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

_TOUCHED_ATTRIBUTE = "idesluss_schemas_touched"


def schemas_touched(count: int = 1, *, using: str = "default") -> bool:
    """Count ``count`` schemas as touched by the connection; close it past the budget.

    Never closes inside a transaction (the caller's work would be lost): the
    count carries over to the next call outside one. Return whether it closed.
    """
    connection = connections[using]
    touched = getattr(connection, _TOUCHED_ATTRIBUTE, 0) + count
    if connection.connection is None:
        touched = count  # closed since the last count: a fresh server process
    setattr(connection, _TOUCHED_ATTRIBUTE, touched)
    if touched < settings.FLEET_SCHEMAS_PER_CONNECTION or connection.in_atomic_block:
        return False
    connection.close()
    setattr(connection, _TOUCHED_ATTRIBUTE, 0)
    return True
