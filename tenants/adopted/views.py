"""The adopt page: a coach or admin takes a network item into this organisation's lock.

The item is read from the public network tables; the new idea or method is
written by this organisation's own services, in its own schema, in the same
request as its own person.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from network.adoptions import selectors as network_selectors
from network.adoptions.models import AdoptedKind
from network.exchange.models import Publication
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin
from shared.core.forms import add_service_errors
from shared.core.tenancy import current_organization
from tenants.adopted import services
from tenants.adopted.forms import AdoptForm
from tenants.adopted.models import Provenance


def local_url(*, kind: str, local_id: int) -> str:
    """The page of what an adoption made here: the idea, or the library entry."""
    return reverse("idea" if kind == AdoptedKind.IDEA else "method", args=[local_id])


class AdoptView(MemberRequiredMixin, View):
    """Ta in: choose how new the item is to us and, for an idea, the stage it starts in."""

    required_capability = "network.adopt"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = self._publication(pk)
        return self._render(request, publication, self._form(publication))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = self._publication(pk)
        form = self._form(publication, data=request.POST)
        if form.is_valid():
            try:
                provenance = services.adoption_create(
                    publication_id=publication.pk,
                    category=form.cleaned_data["category"],
                    starting_stage=form.chosen_stage(),
                    by=person_of(request),
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names={"publication": "__all__"})
            else:
                messages.success(
                    request,
                    _("”%(title)s” är nu en del av er idésluss.") % {"title": publication.title},
                )
                return redirect(_provenance_url(provenance))
        return self._render(request, publication, form, status=400)

    def _publication(self, pk: int) -> Publication:
        organization = current_organization()
        assert organization is not None
        publication = network_selectors.publication_visible_to(
            publication_id=pk, organization=organization
        )
        if publication is None or publication.kind not in AdoptedKind.values:
            raise Http404
        return publication

    def _form(self, publication: Publication, data: object = None) -> AdoptForm:
        stages = services.starting_stages() if publication.kind == AdoptedKind.IDEA else None
        return AdoptForm(data, stages=stages)

    def _render(
        self, request: HttpRequest, publication: Publication, form: AdoptForm, status: int = 200
    ) -> HttpResponse:
        organization = current_organization()
        assert organization is not None
        adoption = network_selectors.adoption_of(
            publication_id=publication.pk, organization=organization
        )
        return render(
            request,
            "adopted/adopt.html",
            {
                "publication": publication,
                "form": form,
                "adoption": adoption,
                "adopted_url": (
                    local_url(kind=adoption.local_kind, local_id=adoption.local_source_id)
                    if adoption
                    else ""
                ),
                "is_own": publication.organization_id == organization.pk,
            },
            status=status,
        )


def _provenance_url(provenance: Provenance) -> str:
    if provenance.idea_id is not None:
        return local_url(kind=AdoptedKind.IDEA, local_id=provenance.idea_id)
    assert provenance.method_id is not None
    return local_url(kind=AdoptedKind.METHOD, local_id=provenance.method_id)


class AdoptedListView(MemberRequiredMixin, View):
    """What this organisation took in from the network, with where each came from."""

    required_capability = "network.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        organization = current_organization()
        assert organization is not None
        rows = [
            {
                "adoption": adoption,
                "url": local_url(kind=adoption.local_kind, local_id=adoption.local_source_id),
            }
            for adoption in network_selectors.adoptions_by(organization=organization)
        ]
        return render(request, "adopted/adopted_list.html", {"rows": rows})
