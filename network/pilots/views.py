"""Joint pilot pages on an organisation's host, under /natverk/piloter/.

Every member reads (``pilots.view``); admins and coaches propose, invite,
write the log and run the pilot (``pilots.manage``). The pages read public
tables only; an organisation's own decision is made on its own pages
(``tenants.jointpilots.views``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from network.pilots import selectors, services
from network.pilots.forms import (
    CostSplitForm,
    EvaluationForm,
    InviteForm,
    LogForm,
    PlanForm,
    ProposeForm,
)
from network.pilots.models import PilotStatus
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import add_service_errors
from shared.organizations.models import Organization, OrganizationKind


def organization_of(request: HttpRequest) -> Organization:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Organization) or tenant.schema_name == "public":
        raise Http404
    return tenant


def view_or_404(request: HttpRequest, pk: int) -> selectors.PilotView:
    view = selectors.pilot_for(pk=pk, organization=organization_of(request))
    if view is None:
        raise Http404
    return view


class PilotListView(MemberRequiredMixin, View):
    """Our pilots, and the started pilots of the network."""

    required_capability = "pilots.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        organization = organization_of(request)
        return render(
            request,
            "pilots/list.html",
            {
                "mine": selectors.pilots_of(organization=organization),
                "network": selectors.pilots_in_network(organization=organization),
                "may_manage": can(request, "pilots.manage"),
            },
        )


class PilotProposeView(MemberRequiredMixin, View):
    """Propose a joint pilot; other organisations are invited from its page."""

    required_capability = "pilots.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "pilots/propose.html", {"form": ProposeForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProposeForm(request.POST)
        if form.is_valid():
            try:
                pilot = services.pilot_propose(
                    organization=organization_of(request),
                    by=person_of(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Piloten är föreslagen. Bjud in de andra nu."))
                return redirect("pilot-detail", pk=pilot.pk)
        return render(request, "pilots/propose.html", {"form": form}, status=400)


def render_detail(
    request: HttpRequest, view: selectors.PilotView, *, forms: dict[str, Form] | None = None
) -> HttpResponse:
    """The pilot's page: what is published, and the inside for those taking part."""
    context: dict[str, Any] = {"view": view, "pilot": view.pilot, "forms": forms or {}}
    if view.sees_inside:
        evaluation = selectors.evaluation_of(pilot=view.pilot)
        budget = selectors.budget_of(view=view, evaluation=evaluation)
        context.update(
            evaluation=evaluation,
            budget=budget,
            my_line=budget.line_of(view.me),
            log=selectors.log_of(pilot=view.pilot),
        )
        manage = can(request, "pilots.manage")
        is_open = view.pilot.status != PilotStatus.ENDED
        defaults: dict[str, Callable[[], Form]] = {}
        if manage and is_open and (view.is_owner or (view.me and view.me.status == "accepted")):
            defaults["log"] = LogForm
        if manage and view.is_owner and view.pilot.status == PilotStatus.PROPOSED:
            defaults["invite"] = lambda: InviteForm(
                organizations=selectors.invitable_organizations(view=view)
            )
        if manage and view.is_owner and is_open:
            defaults["plan"] = lambda: PlanForm(
                initial={"summary": view.pilot.summary, "plan": view.pilot.plan}
            )
            defaults["split"] = lambda: CostSplitForm(
                initial={"split": view.pilot.cost_split}, taking_part=view.taking_part
            )
        if manage and view.is_owner and view.pilot.status == PilotStatus.RUNNING:
            defaults["evaluation"] = EvaluationForm
        for name, make in defaults.items():
            context["forms"].setdefault(name, make())
        context.update(
            may_manage=manage,
            may_leave=manage
            and not view.is_owner
            and view.me is not None
            and view.me.status == "accepted"
            and is_open,
            may_prepare=(
                manage
                and view.me is not None
                and view.me.status == "invited"
                and organization_of(request).kind != OrganizationKind.PARTNER
            ),
            may_decide=can(request, "council.decide")
            and view.me is not None
            and view.me.status == "invited",
        )
    status = 400 if forms else 200
    return render(request, "pilots/detail.html", context, status=status)


class PilotDetailView(MemberRequiredMixin, View):
    required_capability = "pilots.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_detail(request, view_or_404(request, pk))


class PilotActionView(MemberRequiredMixin, View):
    """One action on a pilot from its page (POST); the service decides whether it may be done."""

    required_capability = "pilots.manage"
    action = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        view = view_or_404(request, pk)
        try:
            self._act(request, view, organization_of(request), person_of(request))
        except _FormError as error:
            return render_detail(request, view_or_404(request, pk), forms={self.action: error.form})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("pilot-detail", pk=pk)

    def _act(
        self,
        request: HttpRequest,
        view: selectors.PilotView,
        organization: Organization,
        by: Any,
    ) -> None:
        pk = view.pilot.pk
        if self.action == "invite":
            form: Form = InviteForm(
                request.POST, organizations=selectors.invitable_organizations(view=view)
            )
            _valid_or_raise(form)
            services.participant_invite(
                pilot_id=pk,
                organization=organization,
                invitee_id=form.cleaned_data["organization"].pk,
                by=by,
            )
            messages.success(request, _("Inbjudan är skickad."))
        elif self.action == "log":
            form = LogForm(request.POST)
            _valid_or_raise(form)
            _service_into(
                form,
                lambda: services.log_entry_add(
                    pilot_id=pk, organization=organization, text=form.cleaned_data["text"], by=by
                ),
            )
        elif self.action == "plan":
            form = PlanForm(request.POST)
            _valid_or_raise(form)
            _service_into(
                form,
                lambda: services.pilot_plan_update(
                    pilot_id=pk, organization=organization, by=by, **form.cleaned_data
                ),
            )
            messages.success(request, _("Planen är sparad."))
        elif self.action == "split":
            split_form = CostSplitForm(request.POST, taking_part=view.taking_part)
            _valid_or_raise(split_form)
            _service_into(
                split_form,
                lambda: services.cost_split_set(
                    pilot_id=pk,
                    organization=organization,
                    split=split_form.cleaned_data["split"],
                    shares_percent=split_form.shares(),
                    by=by,
                ),
                field_names={"shares": "__all__"},
            )
            messages.success(request, _("Kostnadsfördelningen är sparad."))
        elif self.action == "evaluation":
            form = EvaluationForm(request.POST)
            _valid_or_raise(form)
            _service_into(
                form,
                lambda: services.evaluation_record(
                    pilot_id=pk, organization=organization, by=by, **form.cleaned_data
                ),
            )
            messages.success(request, _("Utvärderingen är sparad och deltagarna får ett mejl."))
        elif self.action == "start":
            services.pilot_start(pilot_id=pk, organization=organization, by=by)
            messages.success(request, _("Piloten har startat."))
        elif self.action == "end":
            services.pilot_end(pilot_id=pk, organization=organization, by=by)
            messages.success(request, _("Piloten är avslutad."))
        elif self.action == "leave":
            services.participant_leave(pilot_id=pk, organization=organization, by=by)
            messages.success(request, _("Er organisation har lämnat piloten."))
        else:
            raise Http404


class _FormError(ValidationError):
    """A form whose input (or the service's answer to it) is to be shown again."""

    def __init__(self, form: Form) -> None:
        super().__init__(_("Uppgifterna är inte giltiga; se fälten."))
        self.form = form


def _valid_or_raise(form: Form) -> None:
    if not form.is_valid():
        raise _FormError(form)


def _service_into(
    form: Form, call: Callable[[], object], *, field_names: dict[str, str] | None = None
) -> None:
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error, field_names={"pilot": "__all__", **(field_names or {})})
        raise _FormError(form) from error
