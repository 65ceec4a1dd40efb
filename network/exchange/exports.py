"""The list of needs shared by several organisations, as CSV (for Swedish Excel) and xlsx.

The candidate list for a joint idea call or a joint innovation procurement:
one row per need, its origin, and who co-signed it with what size of problem.
CSV is semicolon-separated UTF-8 with a byte order mark, formula cells
neutralised (``shared.core.exports``); in xlsx text is always a string cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from network.exchange.models import ProblemSize, Publication
from shared.core import geography
from shared.core.exports import csv_response

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DELIMITER = ";"


def header() -> list[str]:
    return [
        _("Behov"),
        _("Område"),
        _("Ursprung"),
        _("Län"),
        _("Organisationer med behovet"),
        _("Medundertecknat av"),
        _("Problemets storlek per organisation"),
        _("Berörda (uppskattning), summa"),
        _("Publicerat"),
        _("Länk"),
    ]


def rows(needs: Iterable[Publication], *, link: str) -> Iterator[list[Any]]:
    """One row per need; ``link`` is the item page's address with ``{pk}`` in it."""
    counties = geography.counties()
    for need in needs:
        cosigners = getattr(need, "cosigners", [])
        county = counties.get(need.county_code)
        yield [
            need.title,
            need.area,
            need.origin_name,
            county.name if county else need.county_code,
            1 + len(cosigners),
            [each.organization_name for each in cosigners],
            [
                f"{each.organization_name}: {ProblemSize(each.problem_size).label}"
                for each in cosigners
            ],
            sum(each.affected_count or 0 for each in cosigners),
            timezone.localtime(need.published_at).date(),
            link.format(pk=need.pk),
        ]


def shared_needs_csv(needs: Iterable[Publication], *, link: str) -> HttpResponse:
    return csv_response(
        filename=f"gemensamma-behov-{timezone.localdate():%Y-%m-%d}.csv",
        header=header(),
        rows=rows(needs, link=link),
        delimiter=CSV_DELIMITER,
    )


def shared_needs_xlsx(needs: Iterable[Publication], *, link: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Gemensamma behov")[:31]
    _write(sheet, 1, header(), bold=True)
    for number, row in enumerate(rows(needs, link=link), start=2):
        _write(sheet, number, row, bold=False)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(True, f"gemensamma-behov-{timezone.localdate():%Y-%m-%d}.xlsx")
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _write(sheet: Any, row_number: int, values: Sequence[Any], *, bold: bool) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column)
        if (isinstance(value, int) and not isinstance(value, bool)) or hasattr(value, "isoformat"):
            cell.value = value
        else:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            # A string cell: "=..." from an organisation's text is never a formula.
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
            cell.data_type = "s"
        if bold:
            cell.font = Font(bold=True)
