"""Hand out registration numbers in the caller's transaction."""

from __future__ import annotations

from django.db import transaction

from tenants.registry.models import RegistrationCounter


def registration_number_next(*, series: str, year: int) -> tuple[int, str]:
    """Return the next number of ``series`` in ``year`` and its text form (``2026-0042``).

    Call inside the transaction that stores the numbered row: the counter row
    stays locked until that transaction ends, so concurrent callers queue and
    a rolled-back transaction gives its number back. No gaps, no duplicates.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("registration_number_next must run inside the caller's transaction.")
    # Create the year's row if missing without taking a lock on the table.
    RegistrationCounter.objects.get_or_create(series=series, year=year)
    counter = RegistrationCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number, f"{year}-{counter.last_number:04d}"
