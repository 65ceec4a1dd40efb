"""The deciding organisation's pilot pages: prepare the invitation for the council, decide.

The pilot is read from the public tables; the case, the council's decision
(or a partner's) are written by this organisation's own services, in its own
schema, in the same request as its own person.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from network.pilots import views as pilot_views
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin
from shared.core.forms import add_service_errors
from shared.organizations.models import OrganizationKind
from tenants.jointpilots import services
from tenants.jointpilots.forms import DecisionForm, PrepareForm
from tenants.jointpilots.models import PilotCase

ERROR_FIELDS = {"pilot": "__all__", "agenda_item": "__all__", "kind": "__all__"}


class PrepareView(MemberRequiredMixin, View):
    """Bered: put the invitation on a council meeting's agenda, with units and a proposed sum."""

    required_capability = "pilots.manage"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if (
            getattr(tenant, "kind", "") == OrganizationKind.PARTNER
            and request.user.is_authenticated
        ):
            # A partner has no council to prepare for: its decision-maker decides directly.
            messages.info(
                request,
                _(
                    "En partner har inget idéråd; partnerns beslutsfattare "
                    "registrerar beslutet direkt."
                ),
            )
            return redirect("pilot-decide", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = pilot_views.view_or_404(request, pk)
        case = PilotCase.objects.filter(pilot_id=pk).first()
        initial: dict[str, Any] = {}
        if case is not None:
            initial = {
                "units": "\n".join(case.units),
                "proposed_amount_sek": case.proposed_amount_sek,
            }
        return self._render(request, view, PrepareForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = pilot_views.view_or_404(request, pk)
        form = PrepareForm(request.POST)
        if form.is_valid():
            try:
                services.pilot_case_prepare(pilot_id=pk, by=person_of(request), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error, field_names=ERROR_FIELDS)
            else:
                messages.success(request, _("Inbjudan står nu på idérådets dagordning."))
                return redirect("pilot-detail", pk=pk)
        return self._render(request, view, form, status=400)

    def _render(
        self, request: HttpRequest, view: Any, form: PrepareForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request, "jointpilots/prepare.html", {"pilot": view.pilot, "form": form}, status=status
        )


class DecideView(MemberRequiredMixin, View):
    """The decision on taking part: the idea council's, or for a partner its decision-maker's."""

    required_capability = "council.decide"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = pilot_views.view_or_404(request, pk)
        return self._render(request, view, DecisionForm(partner=self._partner(request)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = pilot_views.view_or_404(request, pk)
        partner = self._partner(request)
        form = DecisionForm(request.POST, partner=partner)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if partner:
                    services.partner_decide(
                        pilot_id=pk,
                        takes_part=data["takes_part"],
                        committed_sek=data["committed_sek"],
                        units=data["units"],
                        rationale=data["rationale"],
                        decided_on=data["decided_on"],
                        external_reference=data["external_reference"],
                        by=person_of(request),
                    )
                else:
                    services.pilot_case_decide(
                        pilot_id=pk,
                        takes_part=data["takes_part"],
                        amount_sek=data["committed_sek"],
                        units=data["units"] or None,
                        rationale=data["rationale"],
                        decided_on=data["decided_on"],
                        budget_override_reason=data["budget_override_reason"],
                        by=person_of(request),
                    )
            except ValidationError as error:
                add_service_errors(
                    form, error, field_names={**ERROR_FIELDS, "amount_granted_sek": "committed_sek"}
                )
            else:
                messages.success(request, _("Beslutet är registrerat."))
                return redirect("pilot-detail", pk=pk)
        return self._render(request, view, form, status=400)

    def _partner(self, request: HttpRequest) -> bool:
        return pilot_views.organization_of(request).kind == OrganizationKind.PARTNER

    def _render(
        self, request: HttpRequest, view: Any, form: DecisionForm, status: int = 200
    ) -> HttpResponse:
        case = PilotCase.objects.filter(pilot_id=view.pilot.pk).first()
        item = services.open_agenda_item(case) if case is not None else None
        return render(
            request,
            "jointpilots/decide.html",
            {
                "pilot": view.pilot,
                "form": form,
                "partner": self._partner(request),
                "case": case,
                "item": item,
            },
            status=status,
        )
