"""Hand out registration numbers in the caller's transaction."""

from __future__ import annotations

from django.db import transaction

from tenants.registry.models import RegistrationCounter

# Each series names what it registers, so an idea's number and a council decision's
# can never be confused (IDE-2026-0042 is an idea, BES-2026-0042 a decision).
# Numbers handed out before the prefixes stay as they were: a registered number never changes.
SERIES_PREFIXES = {
    "idea": "IDE",
    "decision": "BES",
    "partner-pilot-decision": "PIL",
}


def registration_number_format(*, series: str, year: int, number: int) -> str:
    """The text form of ``number`` in ``series`` and ``year``: ``IDE-2026-0042``."""
    try:
        prefix = SERIES_PREFIXES[series]
    except KeyError:
        raise ValueError(
            f"Unknown registration series {series!r}: add it to SERIES_PREFIXES."
        ) from None
    return f"{prefix}-{year}-{number:04d}"


def registration_number_next(*, series: str, year: int) -> tuple[int, str]:
    """Return the next number of ``series`` in ``year`` and its text form (``IDE-2026-0042``).

    Call inside the transaction that stores the numbered row: the counter row
    stays locked until that transaction ends, so concurrent callers queue and
    a rolled-back transaction gives its number back. No gaps, no duplicates.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("registration_number_next must run inside the caller's transaction.")
    registration_number_format(series=series, year=year, number=0)  # an unknown series fails first
    # Create the year's row if missing without taking a lock on the table.
    RegistrationCounter.objects.get_or_create(series=series, year=year)
    counter = RegistrationCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number, registration_number_format(
        series=series, year=year, number=counter.last_number
    )
