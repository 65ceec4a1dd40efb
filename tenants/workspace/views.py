"""The organisation's home page and its members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts import selectors, services
from shared.accounts.forms import MembershipAddForm
from shared.accounts.permissions import MemberRequiredMixin, can, capability_required
from shared.core import geography
from shared.core.forms import add_service_errors
from tenants.needs import selectors as need_selectors


@capability_required("workspace.view")
def home(request: HttpRequest) -> HttpResponse:
    """Members see their workspace; others are asked to log in or told they lack access."""
    tenant = request.tenant  # type: ignore[attr-defined]
    known = geography.municipalities()
    context = {
        "municipalities": [known[c] for c in tenant.municipality_codes if c in known],
        "county": geography.counties().get(tenant.county_code),
        "need_counts": need_selectors.need_counts_by_status(),
    }
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
            },
            status=status,
        )
