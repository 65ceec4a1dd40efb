"""The ranges that dates, years and amounts coming from outside must fall in.

One place for every input bound, so the API, the pages and the filters agree:
a date of 9999-12-31 or a year of 99999 is refused as input (400 or a form
error) before a selector adds a day to it or builds a date from it, and an
amount like ``1E+30`` never reaches ``Decimal.quantize``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models.functions import Left
from django.utils.translation import gettext as _

EARLIEST_YEAR = 1900
LATEST_YEAR = 2199
EARLIEST_DATE = datetime.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = datetime.date(LATEST_YEAR, 12, 31)
# DecimalField(max_digits=12, decimal_places=2): ten digits of whole kronor.
MAX_AMOUNT = Decimal("9999999999.99")
# The longest text of a field that PostgreSQL's full-text index reads: the rest is
# stored but not indexed (a tsvector holds at most 1 MB, one position per word up
# to 16,383). 20,000 characters of any script stay far below both.
SEARCH_INDEX_MAX_CHARS = 20_000


def indexed_text(field: str) -> Left:
    """The part of text ``field`` that a generated search vector reads."""
    return Left(field, SEARCH_INDEX_MAX_CHARS)


def year_in_range(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def year_or_none(raw: object) -> int | None:
    """Return ``raw`` (a query-string value) as a year in range, else None."""
    try:
        year = int(str(raw).strip())
    except ValueError:
        return None
    return year if year_in_range(year) else None


def validate_date(value: datetime.date | None) -> None:
    """Refuse a date (or the day of a datetime) outside EARLIEST_DATE..LATEST_DATE."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Ange ett datum mellan %(earliest)s och %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="date_out_of_range",
        )


def validate_year(value: int | None) -> None:
    if value is not None and not year_in_range(value):
        raise ValidationError(
            _("Ange ett år mellan %(earliest)d och %(latest)d.")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            code="year_out_of_range",
        )
