"""Files stored inside a transaction are deleted again if it rolls back.

Django runs hooks on commit, not on rollback. So every stored file is noted
as pending, with an ``on_commit`` hook that forgets it: a commit forgets it,
a rollback (of the whole transaction, or of the savepoint it was stored in)
drops the hook and leaves it pending. Once no transaction is open, whatever
is still pending belongs to rows that never existed and is deleted:
``removed_on_rollback`` around the services that store uploads, and
``UploadSweepMiddleware`` after every request (a view's own transaction may
roll back after the service returned).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django_tenants.utils import schema_context

from shared.core.tenancy import current_schema_name

_PENDING = "_idesluss_uploads_pending"

F = TypeVar("F", bound=Callable[..., Any])


def delete_on_rollback(name: str) -> None:
    """Note a file just stored in ``default_storage``: deleted unless its transaction commits."""
    if not connection.in_atomic_block:
        return  # autocommit: the row beside it is already stored for good
    pending = _pending()
    # The storage puts files under the schema's folder: remember which one.
    entry = (current_schema_name(), name)
    pending.add(entry)
    transaction.on_commit(functools.partial(pending.discard, entry))


def sweep() -> list[str]:
    """Delete the files of transactions that rolled back; nothing while one is still open."""
    if connection.in_atomic_block:
        return []
    pending = _pending()
    entries = sorted(pending)
    pending.clear()
    for schema_name, name in entries:
        with schema_context(schema_name):
            default_storage.delete(name)
    return [name for _schema_name, name in entries]


def removed_on_rollback(function: F) -> F:
    """Sweep after ``function`` (a service storing files), whether it returned or raised."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        finally:
            sweep()

    return wrapper  # type: ignore[return-value]


class UploadSweepMiddleware:
    """After each request, delete the files its rolled-back transactions left behind."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            sweep()


def _pending() -> set[tuple[str, str]]:
    pending = getattr(connection, _PENDING, None)
    if pending is None:
        pending = set()
        setattr(connection, _PENDING, pending)
    return pending
