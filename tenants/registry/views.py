"""The register (diarium) of a period: printable page, CSV and Excel, for the archive."""

from __future__ import annotations

import datetime

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from shared.accounts.permissions import MemberRequiredMixin
from shared.core.forms import BoundedDateField
from tenants.registry import selectors
from tenants.reports import exports


class PeriodForm(forms.Form):
    period_from = BoundedDateField(
        label=_("Från och med"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = BoundedDateField(
        label=_("Till och med"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            raise forms.ValidationError(_("Perioden slutar innan den börjar."))
        return cleaned


def _period(request: HttpRequest) -> tuple[PeriodForm, datetime.date, datetime.date] | None:
    today = timezone.localdate()
    data = request.GET if "period_from" in request.GET else None
    form = PeriodForm(
        data, initial={"period_from": today.replace(month=1, day=1), "period_to": today}
    )
    if data is None:
        return form, today.replace(month=1, day=1), today
    if form.is_valid():
        return form, form.cleaned_data["period_from"], form.cleaned_data["period_to"]
    return None


class RegisterView(MemberRequiredMixin, View):
    """The register of a period as a printable list, with its downloads."""

    required_capability = "reports.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        found = _period(request)
        if found is None:
            form = PeriodForm(request.GET)
            form.is_valid()
            return render(request, "registry/register.html", {"form": form}, status=400)
        form, start, end = found
        return render(
            request,
            "registry/register.html",
            {
                "form": form,
                "entries": selectors.register_entries(period_from=start, period_to=end),
                "period_from": start,
                "period_to": end,
                "query": f"period_from={start.isoformat()}&period_to={end.isoformat()}",
            },
        )


class RegisterExportView(MemberRequiredMixin, View):
    """The register of a period as CSV or Excel (``file_format`` from the URL)."""

    required_capability = "reports.view"
    file_format = "csv"

    def get(self, request: HttpRequest) -> HttpResponse:
        found = _period(request)
        if found is None:
            return HttpResponse(_("Ogiltig period."), status=400, content_type="text/plain")
        _form, start, end = found
        return exports.report_download(
            report=selectors.register_report(period_from=start, period_to=end),
            file_format=self.file_format,
            filename=f"diarium-{start.isoformat()}-{end.isoformat()}",
        )
