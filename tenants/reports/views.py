"""Report pages (rapporter): the dashboard, the equality analysis, and their downloads."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts.permissions import MemberRequiredMixin
from tenants import municipalities
from tenants.reports import charts, exports, selectors, tables
from tenants.reports.forms import DashboardForm, EqualityForm


def _query_string(form: DashboardForm | EqualityForm) -> str:
    """The period of ``form`` as a query string for the download links ("" for none)."""
    values = {
        name: value
        for name in ("year", "from", "to", "municipality")
        if (value := form.cleaned_data.get(name)) not in (None, "")
    }
    if not values:
        return ""
    return "?" + urlencode({name: str(value) for name, value in values.items()})


def _report_context(report: tables.Report) -> dict[str, Any]:
    first, *others = report.tables
    return {"report": report, "chart": charts.bar_chart(first), "first": first, "others": others}


class DashboardView(MemberRequiredMixin, View):
    """Key figures as charts, each with a table of the same figures beside it."""

    required_capability = "reports.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DashboardForm(request.GET, auto_id="filter_%s")
        if not form.is_valid():
            return render(request, "reports/dashboard.html", {"form": form}, status=400)
        board = selectors.dashboard(**form.dashboard_arguments())
        return render(
            request,
            "reports/dashboard.html",
            {
                "form": form,
                "board": board,
                "period": tables.period_text(board.period_from, board.period_to),
                "reports": [_report_context(r) for r in tables.dashboard_reports(board)],
                "query": _query_string(form),
            },
        )


class EqualityView(MemberRequiredMixin, View):
    """The equality analysis (jämställdhetsanalys) for a period, small groups suppressed."""

    required_capability = "reports.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = EqualityForm.for_query(request.GET)
        if not form.is_valid():
            return render(request, "reports/equality.html", {"form": form}, status=400)
        period_from, period_to = form.period()
        funnel = selectors.equality_funnel(
            period_from=period_from,
            period_to=period_to,
            municipality_code=form.municipality_code(),
        )
        splits = [
            {
                "id": split.dimension,
                "caption": caption,
                "groups": split.group_labels,
                "rows": _funnel_rows(split, funnel.min_group),
            }
            for split, caption in [
                (funnel.by_gender, _("Idéernas väg efter kön")),
                (funnel.by_audience, _("Idéernas väg efter källa")),
            ]
        ]
        return render(
            request,
            "reports/equality.html",
            {
                "form": form,
                "funnel": funnel,
                "period": tables.period_text(period_from, period_to),
                "splits": splits,
                "query": _query_string(form),
            },
        )


def _funnel_rows(split: selectors.FunnelSplit, min_group: int) -> list[dict[str, Any]]:
    """The steps as rows of (label, cells…, total); the funded step adds a row of SEK."""
    rows: list[dict[str, Any]] = []
    for row in split.rows:
        rows.append(
            {
                "label": row.label,
                "cells": [tables.shown(cell, min_group) for cell in row.cells],
                "total": tables.shown(row.total, min_group),
            }
        )
        if row.sek is not None:
            rows.append(
                {
                    "label": _("Beviljat belopp (kr)"),
                    "is_sek": True,
                    "cells": [
                        tables.shown_sek(cell, amount, min_group)
                        for cell, amount in zip(row.cells, row.sek, strict=True)
                    ],
                    "total": tables.shown_sek(row.total, row.total_sek, min_group),
                }
            )
    return rows


class ReportDownloadView(MemberRequiredMixin, View):
    """One report as CSV or Excel, for the period the page showed."""

    required_capability = "reports.view"

    def get(self, request: HttpRequest, name: str, file_format: str) -> HttpResponse:
        if name not in tables.REPORT_NAMES or file_format not in exports.FORMATS:
            raise Http404
        if name == tables.EQUALITY_REPORT:
            equality_form = EqualityForm.for_query(request.GET)
            if not equality_form.is_valid():
                return _bad_request(equality_form)
            period_from, period_to = equality_form.period()
            report = tables.equality_report(
                selectors.equality_funnel(
                    period_from=period_from,
                    period_to=period_to,
                    municipality_code=equality_form.municipality_code(),
                )
            )
            filename = f"{name}-{period_from:%Y-%m-%d}-{period_to:%Y-%m-%d}"
            filename += _municipality_suffix(equality_form.municipality_code())
        else:
            form = DashboardForm(request.GET)
            if not form.is_valid():
                return _bad_request(form)
            board = selectors.dashboard(**form.dashboard_arguments())
            report = tables.dashboard_report(board, name)
            filename = _dashboard_filename(name, board) + _municipality_suffix(
                board.municipality_code
            )
        return exports.report_download(report=report, file_format=file_format, filename=filename)


def _dashboard_filename(name: str, board: selectors.Dashboard) -> str:
    if board.period_from is None and board.period_to is None:
        return name
    start = f"{board.period_from:%Y-%m-%d}" if board.period_from else "start"
    end = f"{board.period_to:%Y-%m-%d}" if board.period_to else "slut"
    return f"{name}-{start}-{end}"


def _municipality_suffix(code: str) -> str:
    return f"-{slugify(municipalities.name_of(code))}" if code else ""


def _bad_request(form: DashboardForm | EqualityForm) -> HttpResponse:
    messages = [str(m) for errors in form.errors.values() for m in errors]
    return HttpResponseBadRequest("\n".join(messages), content_type="text/plain; charset=utf-8")
