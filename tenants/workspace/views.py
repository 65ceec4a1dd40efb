"""The organisation's home page and its members."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts import selectors, services
from shared.accounts.forms import ApiTokenCreateForm, MembershipAddForm, MembershipRoleForm
from shared.accounts.models import ApiToken, Membership, Role
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can, capability_required
from shared.core import geography
from shared.core.forms import add_service_errors
from tenants import municipalities
from tenants.ideas import selectors as idea_selectors
from tenants.needs import selectors as need_selectors
from tenants.workspace import selectors as worklist


@capability_required("workspace.view")
def home(request: HttpRequest) -> HttpResponse:
    """The worklist (arbetslista): what this member should do today, by what their role may do."""
    tenant = request.tenant  # type: ignore[attr-defined]
    known = geography.municipalities()
    person = request.user
    today, now = worklist.today_and_now()
    context: dict[str, Any] = {
        "municipalities": [known[c] for c in tenant.municipality_codes if c in known],
        "county": geography.counties().get(tenant.county_code),
        "need_counts": need_selectors.need_counts_by_status(),
        "today": today,
        "my_steps": worklist.my_next_steps(person=person, today=today),
    }
    if can(request, "ideas.manage"):
        context["inbox"] = idea_selectors.inbox(limit=5)
    if can(request, "coaching.view"):
        context["waiting"] = worklist.my_waiting_ideas(person=person, now=now)
        context["waiting_days"] = worklist.WAITING_DAYS
    if can(request, "council.view"):
        context["meeting"], context["agenda"] = worklist.next_meeting(today=today)
    if can(request, "trials.manage"):
        context["decisions_waiting"] = worklist.decisions_waiting_for_test_plan()
    if can(request, "trials.view"):
        context["trials_ending"] = worklist.trials_ending_soon(today=today)
    if can(request, "reports.view"):
        context["figures"] = worklist.key_figures(year=today.year)
        context["year"] = today.year
    return render(request, "workspace/home.html", context)


class MembersView(MemberRequiredMixin, View):
    """Admins add people and change roles; coaches and council members may look."""

    required_capability = "members.view"
    required_capabilities = {"POST": "members.manage"}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, MembershipAddForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MembershipAddForm(request.POST)
        if form.is_valid():
            try:
                membership = services.membership_add(
                    organization=request.tenant,  # type: ignore[attr-defined]
                    by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(email)s är nu medlem och har fått ett välkomstmejl.")
                    % {"email": membership.person.email},
                )
                return redirect("members")
        return self._render(request, form, status=400)

    def _render(
        self, request: HttpRequest, form: MembershipAddForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "workspace/members.html",
            {
                "form": form,
                "members": selectors.members_of(organization=request.tenant),  # type: ignore[attr-defined]
                "can_manage": can(request, "members.manage"),
                "roles": Role.choices,
                "municipalities": municipalities.choices(),
            },
            status=status,
        )


def _member_or_404(request: HttpRequest, pk: int) -> Membership:
    try:
        return selectors.member_get(organization=request.tenant, pk=pk)  # type: ignore[attr-defined]
    except Membership.DoesNotExist as error:
        raise Http404 from error


class MemberRoleView(MemberRequiredMixin, View):
    """Admins give a member another role; the last admin keeps theirs."""

    required_capability = "members.manage"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _member_or_404(request, pk)
        form = MembershipRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Välj en roll."))
            return redirect("members")
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(name)s har nu rollen %(role)s.")
                % {"name": membership.person.full_name, "role": membership.get_role_display()},
            )
        return redirect("members")


class MemberMunicipalityView(MemberRequiredMixin, View):
    """Admins of a group of municipalities record which municipality a member works in."""

    required_capability = "members.manage"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _member_or_404(request, pk)
        try:
            services.membership_set_home_municipality(
                membership=membership,
                municipality_code=request.POST.get("home_municipality_code", ""),
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Hemkommunen för %(name)s är sparad.") % {"name": membership.person.full_name},
            )
        return redirect("members")


class MemberRemoveView(MemberRequiredMixin, View):
    """Admins end a membership after confirming; the last admin cannot be removed."""

    required_capability = "members.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render(
            request, "workspace/member_remove.html", {"member": _member_or_404(request, pk)}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _member_or_404(request, pk)
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as error:
            return render(
                request,
                "workspace/member_remove.html",
                {"member": membership, "errors": error.messages},
                status=400,
            )
        messages.success(
            request,
            _("%(name)s är inte längre medlem här.") % {"name": membership.person.full_name},
        )
        return redirect("members")


class ApiTokensView(MemberRequiredMixin, View):
    """A member's own API keys here: make one (its key shown once), see and revoke them."""

    required_capability = "workspace.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ApiTokenCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiTokenCreateForm(request.POST)
        issued = None
        if form.is_valid():
            try:
                issued = services.api_token_create(
                    person=person_of(request),
                    organization=request.tenant,  # type: ignore[attr-defined]
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data.get("days"),
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
        if issued is None:
            return self._render(request, form, status=400)
        # The key is shown on this response only; it is never stored or shown again.
        return self._render(request, ApiTokenCreateForm(), issued=issued, status=201)

    def _render(
        self,
        request: HttpRequest,
        form: ApiTokenCreateForm,
        *,
        issued: services.IssuedToken | None = None,
        status: int = 200,
    ) -> HttpResponse:
        response = render(
            request,
            "workspace/api_tokens.html",
            {
                "form": form,
                "issued": issued,
                "tokens": selectors.api_tokens_of(
                    person=request.user,
                    organization=request.tenant,  # type: ignore[attr-defined]
                ),
                "max_days": settings.API_TOKEN_MAX_AGE_DAYS,
            },
            status=status,
        )
        if issued is not None:
            response["Cache-Control"] = "no-store"
        return response


class ApiTokenRevokeView(MemberRequiredMixin, View):
    """Revoke one of the member's own API keys."""

    required_capability = "workspace.view"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            token = selectors.api_token_get(
                person=request.user,
                organization=request.tenant,  # type: ignore[attr-defined]
                pk=pk,
            )
        except ApiToken.DoesNotExist as error:
            raise Http404 from error
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, _("API-nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
        return redirect("api-tokens")
