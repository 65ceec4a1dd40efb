"""The coordinator's pages on the public site: national and county figures, map, report, exports.

Every page reads public tables only (``selectors`` and ``tables``) and says
how fresh its figures are. Only the national coordinator and platform staff
get in (``coordinator_required``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from network.figures import cartogram, exports, selectors, services, tables
from network.figures.forms import ScopeForm
from network.figures.models import CoordinatorToken
from shared.accounts.permissions import coordinator_required
from shared.core import geography
from tenants.reports import charts

SECTIONS = tuple(name for name in tables.REPORT_NAMES if name not in ("headline", "counties"))


def _scope(request: HttpRequest, *, area: str | None = None) -> tuple[ScopeForm, Any]:
    form = ScopeForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    if not request.GET:
        form = ScopeForm({"lan": area or ""})
        form.is_valid()
    return form, form.scope(area=area)


def _item(report: tables.Report) -> dict[str, Any]:
    first, *others = report.tables
    return {"report": report, "first": first, "others": others, "chart": charts.bar_chart(first)}


def _context(scope: selectors.Scope) -> dict[str, Any]:
    return {
        "scope": scope,
        "scope_text": tables.scope_text(scope),
        "freshness": selectors.freshness(scope),
    }


def _query(request: HttpRequest) -> str:
    return "?" + request.GET.urlencode() if request.GET else ""


@coordinator_required
def national(request: HttpRequest, county: str | None = None) -> HttpResponse:
    """The national picture (or one county's) with every table, chart and download."""
    if county is not None and county not in geography.counties():
        raise Http404
    form, scope = _scope(request, area=county)
    if scope is None:
        return render(request, "figures/national.html", {"form": form}, status=400)
    return render(
        request,
        "figures/national.html",
        {
            "form": form,
            "headline": tables.report("headline", scope),
            "items": [_item(tables.report(name, scope)) for name in SECTIONS],
            "counties": geography.counties().values(),
            "query": _query(request),
            **_context(scope),
        },
    )


@coordinator_required
def county_map(request: HttpRequest) -> HttpResponse:
    """Sweden's counties coloured by a chosen figure, with the same figures as a table."""
    form, scope = _scope(request)
    figure = request.GET.get("matt", "ideas")
    if scope is None or figure not in tables.MAP_FIGURES:
        return render(request, "figures/map.html", {"form": form}, status=400)
    report = tables.report_counties(scope, figure)
    values = selectors.by_county(scope, *tables.MAP_FIGURES[figure])
    return render(
        request,
        "figures/map.html",
        {
            "form": form,
            "figure": figure,
            "figures": [(name, tables.map_figure_label(name)) for name in tables.MAP_FIGURES],
            "map": cartogram.cartogram(values),
            "item": _item(report),
            "query": _query(request),
            **_context(scope),
        },
    )


@coordinator_required
def period_report(request: HttpRequest) -> HttpResponse:
    """A printable report of a period's indicators (save it as PDF from the browser)."""
    form, scope = _scope(request)
    if scope is None:
        return render(request, "figures/report.html", {"form": form}, status=400)
    return render(
        request,
        "figures/report.html",
        {
            "form": form,
            "items": [
                _item(tables.report(name, scope))
                for name in ("headline", "funnel", "decisions", "trials", "spread", "activities")
            ],
            "printed": timezone.localdate(),
            **_context(scope),
        },
    )


@coordinator_required
def download(request: HttpRequest, name: str, file_format: str) -> HttpResponse:
    """One table (or report of tables) as CSV (semicolons, UTF-8 with BOM) or Excel."""
    if name not in tables.REPORT_NAMES or file_format not in exports.FORMATS:
        raise Http404
    _form, scope = _scope(request)
    if scope is None:
        return HttpResponseBadRequest(_("Ogiltigt urval."))
    if name == "counties":
        report = tables.report_counties(scope, request.GET.get("matt", "ideas"))
    else:
        report = tables.report(name, scope)
    return exports.download(
        report=report, file_format=file_format, filename=f"nationell-statistik-{name}"
    )


@coordinator_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The coordinator's own API keys: make one (shown once) or revoke one."""
    key = None
    owner = int(request.user.pk or 0)  # logged in: coordinator_required
    if request.method == "POST":
        if "revoke" in request.POST:
            token = CoordinatorToken.objects.filter(
                person_id=owner, pk=request.POST.get("revoke") or 0
            ).first()
            if token is not None:
                services.coordinator_token_revoke(token=token, by=request.user)
                messages.success(request, _("API-nyckeln är återkallad."))
            return redirect("figures:api-tokens")
        name = (request.POST.get("name") or "").strip()[:100] or _("API-nyckel")
        _token, key = services.coordinator_token_create(person=request.user, name=name)
    return render(
        request,
        "figures/api_tokens.html",
        {
            "key": key,
            "tokens": CoordinatorToken.objects.filter(person_id=owner).order_by("-created_at"),
        },
    )
