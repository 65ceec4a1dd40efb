"""Network pages of adoptions: how far an item spread, and the areas we follow.

They read public rows only, never a tenant schema.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from network.adoptions import notifications, selectors, services
from network.adoptions.forms import AreaForm
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import add_service_errors
from shared.core.tenancy import current_organization
from shared.organizations.models import Organization


def _organization() -> Organization:
    organization = current_organization()
    if organization is None:
        raise Http404
    return organization


class SpreadView(MemberRequiredMixin, View):
    """Every organisation that took the item in, and the evaluations that flowed back."""

    required_capability = "network.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = _organization()
        publication = selectors.publication_visible_to(publication_id=pk, organization=organization)
        if publication is None:
            raise Http404
        return render(
            request,
            "adoptions/spread.html",
            {
                "publication": publication,
                "item_url": notifications.item_path(publication.pk),
                "spread": selectors.spread_of(publication_id=publication.pk),
                "adoption": selectors.adoption_of(
                    publication_id=publication.pk, organization=organization
                ),
                "may_adopt": can(request, "network.adopt"),
                "is_own": publication.organization_id == organization.pk,
            },
        )


class AreasView(MemberRequiredMixin, View):
    """The areas our weekly digest covers (bevakade områden)."""

    required_capabilities = {"GET": "network.view", "POST": "network.adopt"}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, AreaForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        organization = _organization()
        if "remove" in request.POST:
            try:
                area_id = int(request.POST["remove"])
            except ValueError as error:
                raise Http404 from error
            services.area_unfollow(
                organization=organization, area_id=area_id, by=person_of(request)
            )
            return redirect(reverse("network-areas"))
        form = AreaForm(request.POST)
        if form.is_valid():
            try:
                followed = services.area_follow(
                    organization=organization, area=form.cleaned_data["area"], by=person_of(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ni bevakar nu %(area)s.") % {"area": followed.area})
                return redirect(reverse("network-areas"))
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: AreaForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "adoptions/areas.html",
            {
                "areas": selectors.followed_areas(organization=_organization()),
                "form": form,
                "may_change": can(request, "network.adopt"),
            },
            status=status,
        )
