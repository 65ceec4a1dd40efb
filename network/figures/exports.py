"""Downloads of the national figures: CSV as Swedish Excel opens it, and xlsx.

CSV: semicolon separated, UTF-8 with a byte order mark, formula cells
neutralised (``shared.core.exports``). Excel: the reports' workbook writer,
numbers as numbers and text as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from shared.core.exports import csv_response
from tenants.reports.exports import XLSX_CONTENT_TYPE, xlsx_bytes
from tenants.reports.tables import Report, Suppressed

FORMATS = ("csv", "xlsx")


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Suppressed) else value


def _csv_rows(report: Report) -> Iterator[tuple[Any, ...]]:
    first, *others = report.tables
    yield from (tuple(_plain(v) for v in row) for row in first.all_rows)
    for table in others:
        yield ()
        yield (table.title,)
        yield table.header
        yield from (tuple(_plain(v) for v in row) for row in table.all_rows)


def download(*, report: Report, file_format: str, filename: str) -> HttpResponse:
    if file_format == "csv":
        return csv_response(
            filename=f"{filename}.csv",
            header=report.tables[0].header,
            rows=_csv_rows(report),
            delimiter=";",
        )
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(report), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            content_disposition_header(True, f"{filename}.xlsx") or "attachment"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    raise ValueError(f"Unknown format {file_format!r}")
