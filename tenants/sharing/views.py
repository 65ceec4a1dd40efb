"""Publishing from inside the lock: read exactly what would be shared, then publish or withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from network.exchange.models import PublicationKind
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin
from shared.core import tenancy
from shared.core.forms import add_service_errors
from tenants.sharing import selectors, services
from tenants.sharing.forms import PublishForm

SOURCE_PAGES = {
    PublicationKind.NEED: "need-detail",
    PublicationKind.IDEA: "idea",
    PublicationKind.METHOD: "method",
}


def source_url(kind: str, source_id: int) -> str:
    return reverse(SOURCE_PAGES[PublicationKind(kind)], args=[source_id]) + "#natverket"


def _checked_kind(kind: str) -> str:
    if kind not in PublicationKind.values:
        raise Http404
    return kind


class PublishView(MemberRequiredMixin, View):
    """Show what would be shared and publish it (or update who answers questions)."""

    required_capability = "network.publish"

    def get(self, request: HttpRequest, kind: str, source_id: int) -> HttpResponse:
        kind = _checked_kind(kind)
        publication = selectors.publication_of(kind=kind, source_id=source_id)
        initial = {
            "contact_role": publication.contact_role if publication else "",
            "show_contact_name": bool(publication and publication.contact_name),
        }
        return self._render(request, kind, source_id, PublishForm(initial=initial))

    def post(self, request: HttpRequest, kind: str, source_id: int) -> HttpResponse:
        kind = _checked_kind(kind)
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.publication_publish(
                    kind=kind, source_id=source_id, by=person_of(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Publicerat i nätverket."))
                return redirect(source_url(kind, source_id))
        return self._render(request, kind, source_id, form, status=400)

    def _render(
        self,
        request: HttpRequest,
        kind: str,
        source_id: int,
        form: PublishForm,
        status: int = 200,
    ) -> HttpResponse:
        preview = selectors.snapshot_preview(kind=kind, source_id=source_id)
        if preview is None:
            raise Http404
        organization = tenancy.current_organization()
        return render(
            request,
            "sharing/publish.html",
            {
                "kind": kind,
                "kind_label": PublicationKind(kind).label,
                "source_id": source_id,
                "source_url": source_url(kind, source_id),
                "preview": preview,
                "publication": selectors.publication_of(kind=kind, source_id=source_id),
                "default_contact_role": (
                    services.default_contact_role(organization) if organization else ""
                ),
                "form": form,
            },
            status=status,
        )


class WithdrawView(MemberRequiredMixin, View):
    """Take an item off the network; those who adopted it keep what they took."""

    required_capability = "network.publish"

    def post(self, request: HttpRequest, kind: str, source_id: int) -> HttpResponse:
        kind = _checked_kind(kind)
        try:
            services.publication_withdraw(
                kind=kind,
                source_id=source_id,
                by=person_of(request),
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Avpublicerat från nätverket."))
        return redirect(source_url(kind, source_id))
