"""An organisation's own figures beside organisations like it ("kommuner som liknar oss").

Served on the organisation's own host, among its reports. Only the
organisation's own figures, the medians of the country, of its population
band and of its county, and its percentile rank in each: no other
organisation is named. Admins also choose here whether the national figures
may name the organisation.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from network.figures import selectors, services, tables
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core import geography, tenancy
from shared.organizations.models import Organization


def _here() -> Organization:
    organization = tenancy.current_organization()
    if organization is None:
        raise Http404
    return organization


def _label(indicator: str) -> str:
    return {
        "ideas_per_10k": _("Inkomna idéer per 10 000 invånare"),
        "share_tested": _("Andel idéer som testats"),
        "share_implemented": _("Andel idéer som införts"),
        "sek_per_inhabitant": _("Beviljat per invånare (kr)"),
        "adoptions": _("Idéer och metoder tagna från andra"),
        "managers_trained": _("Utbildade chefer"),
    }[indicator]


def _shown(indicator: str, value: float | None) -> str:
    if value is None:
        return "–"
    if indicator.startswith("share_"):
        return f"{round(value * 100)} %"
    return f"{value:.1f}".replace(".", ",")


def _rank(value: int | None) -> str:
    return "–" if value is None else f"{value}"


class PeerBenchmarkView(MemberRequiredMixin, View):
    """Our figures for the last twelve months beside the medians of organisations like us."""

    required_capabilities = {"GET": "reports.view", "POST": "settings.manage"}

    def get(self, request: HttpRequest) -> HttpResponse:
        organization = _here()
        today = timezone.localdate()
        first = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
        scope = selectors.Scope(month_from=first, month_to=today.replace(day=1))
        benchmark = selectors.peer_benchmark(organization=organization, scope=scope)
        rows: list[dict[str, Any]] = [
            {
                "label": _label(b.indicator),
                "own": _shown(b.indicator, b.own),
                "national": _shown(b.indicator, b.national_median),
                "national_rank": _rank(b.national_percentile),
                "band": _shown(b.indicator, b.band_median),
                "band_rank": _rank(b.band_percentile),
                "county": _shown(b.indicator, b.county_median),
                "county_rank": _rank(b.county_percentile),
            }
            for b in benchmark.benchmarks
        ]
        county = geography.counties().get(organization.county_code)
        return render(
            request,
            "figures/peer_benchmark.html",
            {
                "rows": rows,
                "benchmark": benchmark,
                "band_label": tables.band_label(benchmark.band),
                "county_name": county.name if county else "",
                "period": f"{first:%Y-%m} – {today:%Y-%m}",
                "freshness": selectors.freshness(
                    selectors.Scope(area=organization.county_code or "SE")
                )
                if organization.county_code
                else None,
                "named": organization.is_named_in_figures,
                "may_choose": can(request, "settings.manage"),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        named = request.POST.get("named") == "yes"
        services.organization_figures_naming_set(organization=_here(), named=named, by=request.user)
        messages.success(
            request,
            _("Den nationella statistiken visar organisationen med namn.")
            if named
            else _("Den nationella statistiken räknar organisationen bara i summorna."),
        )
        return redirect("figures-peers")
