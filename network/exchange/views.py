"""The network's pages: feed and search, item pages, follow, co-sign, shared needs with exports.

On an organisation's host (``/natverk/``) every member reads the network and
acts as that organisation; on the public site platform staff read it. The
pages read public tables only, never a tenant schema.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from network.exchange import exports, selectors, services
from network.exchange.forms import CoSignForm, SearchForm, SharedNeedsForm
from network.exchange.models import PublicationKind
from network.exchange.pagination import CappedPaginator
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, PlatformStaffRequiredMixin, can
from shared.core.forms import add_service_errors
from shared.organizations.models import Organization

PAGE_SIZE = 25


def _organization(request: HttpRequest) -> Organization | None:
    """The organisation the person acts for: the host's; None on the public site."""
    tenant = getattr(request, "tenant", None)
    if isinstance(tenant, Organization) and tenant.schema_name != "public":
        return tenant
    return None


def _item_url(request: HttpRequest, pk: int | str) -> str:
    name = "network-item" if _organization(request) else "network-staff-item"
    return reverse(name, args=[pk])


class _Search:
    """The feed when nothing is asked; search results with filters otherwise."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = SearchForm(request.GET or None, auto_id="filter_%s")
        filters = form.filters() if request.GET else selectors.SearchFilters()
        results: Any = selectors.publication_search(filters=filters)  # a queryset or RankedSearch
        page = CappedPaginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "exchange/network.html",
            {
                "form": form,
                "is_filtered": not filters.is_empty,
                "page_obj": page,
                "items": page.object_list,
                "item_url_name": "network-item" if _organization(request) else "network-staff-item",
                "on_public_site": _organization(request) is None,
            },
        )


class _Item:
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_item(request, pk)


def render_item(
    request: HttpRequest, pk: int, *, cosign_form: CoSignForm | None = None, status: int = 200
) -> HttpResponse:
    organization = _organization(request)
    publication = selectors.publication_visible(
        pk=pk,
        organization_id=organization.pk if organization else None,
        person_id=request.user.pk,
    )
    if publication is None:
        raise Http404
    cosigners = getattr(publication, "cosigners", [])
    own_cosignature = next(
        (each for each in cosigners if organization and each.organization_id == organization.pk),
        None,
    )
    is_own = organization is not None and publication.organization_id == organization.pk
    may_cosign = (
        organization is not None
        and publication.kind == PublicationKind.NEED
        and publication.is_published
        and not is_own
        and own_cosignature is None
        and can(request, "network.cosign")
    )
    return render(
        request,
        "exchange/item.html",
        {
            "publication": publication,
            "cosigners": cosigners,
            "own_cosignature": own_cosignature,
            "is_own": is_own,
            "may_cosign": may_cosign,
            "cosign_form": cosign_form or (CoSignForm() if may_cosign else None),
            "may_follow": organization is not None and publication.is_published,
            "following": getattr(publication, "following", False),
            "evidence": publication.evidence,
            "on_public_site": organization is None,
        },
        status=status,
    )


class _SharedNeeds:
    def get(self, request: HttpRequest) -> HttpResponse:
        form = SharedNeedsForm(request.GET or None)
        threshold = form.threshold()
        page = Paginator(selectors.shared_needs(min_organizations=threshold), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        prefix = "network" if _organization(request) else "network-staff"
        return render(
            request,
            "exchange/shared_needs.html",
            {
                "form": form,
                "threshold": threshold,
                "page_obj": page,
                "needs": page.object_list,
                "item_url_name": f"{prefix}-item",
                "csv_url_name": f"{prefix}-shared-needs-csv",
                "xlsx_url_name": f"{prefix}-shared-needs-xlsx",
                "on_public_site": _organization(request) is None,
            },
        )


class _SharedNeedsExport:
    file_format = "csv"

    def get(self, request: HttpRequest) -> HttpResponse:
        threshold = SharedNeedsForm(request.GET or None).threshold()
        needs = selectors.shared_needs(min_organizations=threshold)
        link = request.build_absolute_uri(_item_url(request, "0")).replace("/0/", "/{pk}/")
        if self.file_format == "xlsx":
            return exports.shared_needs_xlsx(needs, link=link)
        return exports.shared_needs_csv(needs, link=link)


# --- On an organisation's host: every member reads, acting as the organisation. -------


class NetworkView(MemberRequiredMixin, _Search, View):
    """The network: what is new, and search with filters."""

    required_capability = "network.view"


class ItemView(MemberRequiredMixin, _Item, View):
    """One published need, idea or method with its origin, evidence and co-signers."""

    required_capability = "network.view"


class SharedNeedsView(MemberRequiredMixin, _SharedNeeds, View):
    """Needs shared by at least N organisations: candidates for a joint call or procurement."""

    required_capability = "network.view"


class SharedNeedsCsvView(MemberRequiredMixin, _SharedNeedsExport, View):
    required_capability = "network.view"
    file_format = "csv"


class SharedNeedsXlsxView(MemberRequiredMixin, _SharedNeedsExport, View):
    required_capability = "network.view"
    file_format = "xlsx"


class FollowView(MemberRequiredMixin, View):
    """Follow an item, or stop following it (``following=0``)."""

    required_capability = "network.view"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = _organization(request)
        assert organization is not None
        following = request.POST.get("following", "1") != "0"
        try:
            services.follow_set(
                publication_id=pk,
                person=person_of(request),
                organization=organization,
                following=following,
            )
        except ValidationError as error:
            raise Http404 from error
        messages.success(
            request,
            _("Du bevakar nu det här.") if following else _("Du bevakar inte längre det här."),
        )
        return redirect("network-item", pk=pk)


class CoSignView(MemberRequiredMixin, View):
    """ "Vi har också detta behov": co-sign another organisation's need (or take it back)."""

    required_capability = "network.cosign"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = _organization(request)
        assert organization is not None
        if request.POST.get("withdraw"):
            try:
                services.cosignature_withdraw(
                    publication_id=pk, organization=organization, by=person_of(request)
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Er medundertecknan är borttagen."))
            return redirect("network-item", pk=pk)
        form = CoSignForm(request.POST)
        if form.is_valid():
            try:
                services.cosignature_create(
                    publication_id=pk,
                    organization=organization,
                    by=person_of(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ni har medundertecknat behovet."))
                return redirect("network-item", pk=pk)
        return render_item(request, pk, cosign_form=form, status=400)


# --- On the public site: platform staff read the network. ----------------------------


class StaffNetworkView(PlatformStaffRequiredMixin, _Search, View):
    """The network for platform staff, on the public site."""


class StaffItemView(PlatformStaffRequiredMixin, _Item, View):
    """One item for platform staff."""


class StaffSharedNeedsView(PlatformStaffRequiredMixin, _SharedNeeds, View):
    """Shared needs for platform staff."""


class StaffSharedNeedsCsvView(PlatformStaffRequiredMixin, _SharedNeedsExport, View):
    file_format = "csv"


class StaffSharedNeedsXlsxView(PlatformStaffRequiredMixin, _SharedNeedsExport, View):
    file_format = "xlsx"
