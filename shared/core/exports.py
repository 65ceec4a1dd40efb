"""Exports that a spreadsheet opens safely: CSV with formula cells neutralised."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# A cell starting with one of these is read as a formula by Excel, LibreOffice
# and Google Sheets (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Return ``value`` as CSV text; text that a spreadsheet would run as a formula gets a quote.

    Numbers stay numbers (``-5`` is not a formula); lists are joined with commas.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_response(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    delimiter: str = ";",
) -> HttpResponse:
    """Return a CSV download (UTF-8 with a byte order mark, so Excel reads å, ä and ö).

    Every cell, header included, goes through ``csv_cell``. Nothing is escaped
    for HTML: the response is ``text/csv`` and is never rendered as a page.
    Semicolons separate the cells: Excel with Swedish settings opens a
    comma-separated file as one column (the decimal comma takes the comma).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_cell(title) for title in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
