"""Downloads of reports: the same tables as CSV and as Excel (xlsx).

CSV goes through ``shared.core.exports`` (formula cells neutralised). In
Excel, numbers are written as numbers and text as text: a title such as
``=HYPERLINK(...)`` is stored as a string cell, never as a formula.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shared.core.exports import csv_response
from tenants.reports.tables import Report, Table

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEK_FORMAT = "#,##0.00"
MIN_WIDTH, MAX_WIDTH = 8, 60
# Excel refuses these in sheet names, and names longer than 31 characters.
_SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")


def report_download(*, report: Report, file_format: str, filename: str) -> HttpResponse:
    """Return ``report`` as a download in ``file_format`` ("csv" or "xlsx")."""
    if file_format == "csv":
        first, *others = report.tables
        return csv_response(
            filename=f"{filename}.csv", header=first.header, rows=_csv_rows(first, others)
        )
    if file_format == "xlsx":
        response = HttpResponse(xlsx_bytes(report), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            content_disposition_header(True, f"{filename}.xlsx") or "attachment"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    raise ValueError(f"Unknown format {file_format!r}")


def _csv_rows(first: Table, others: list[Table]) -> Iterator[tuple[Any, ...]]:
    """The first table's rows, then each further table after a blank line and its title."""
    yield from first.all_rows
    for table in others:
        yield ()
        yield (table.title,)
        yield table.header
        yield from table.all_rows


def xlsx_bytes(report: Report) -> bytes:
    """A workbook with one sheet per table: a bold header row, then the rows."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    names: set[str] = set()
    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, names))
        _write_row(sheet, 1, table.header, bold=True)
        for number, row in enumerate(table.all_rows, start=2):
            _write_row(sheet, number, row, bold=table.totals is not None and row is table.totals)
        sheet.freeze_panes = "A2"
        for column, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_row(sheet: Any, row_number: int, values: tuple[Any, ...], *, bold: bool) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column)
        if value is None:
            continue
        if isinstance(value, bool):
            cell.value = int(value)
        elif isinstance(value, int | float | Decimal):
            cell.value = value
            if isinstance(value, Decimal):
                cell.number_format = SEK_FORMAT
        elif isinstance(value, datetime.date):
            cell.value = value
        else:
            # Text, suppressed figures included; data_type "s" keeps "=..." from being a formula.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_NAME_REFUSED.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title)).strip()[:31]
    name, n = base or "Rapport", 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _widths(table: Table) -> list[int]:
    """Each column as wide as its longest text, within reason."""
    widths = [len(str(title)) for title in table.header]
    for row in table.all_rows:
        for column, value in enumerate(row):
            text = f"{value:,.2f}" if isinstance(value, Decimal) else str(value or "")
            if column < len(widths):
                widths[column] = max(widths[column], len(text))
            else:
                widths.append(len(text))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in widths]
