"""Log in and out, reset passwords, and move between organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from shared.accounts import notifications, selectors, services
from shared.accounts.forms import EmailAuthenticationForm
from shared.accounts.permissions import PublicRouteMixin, public_route
from shared.accounts.tokens import password_token_generator
from shared.core.urls import organization_url
from shared.organizations.models import Organization
from shared.sso import selectors as sso_selectors
from shared.sso.flows import SESSION_ORGANIZATION_KEY as SSO_SESSION_ORGANIZATION_KEY


def _organization(request: HttpRequest) -> Any:
    """The organisation whose host the request came to (the platform's on the public site)."""
    return request.tenant  # type: ignore[attr-defined]


class LoginView(PublicRouteMixin, auth_views.LoginView):
    public_reason = "Logging in is for people who are not logged in yet."
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from shared.sso import selectors as sso_selectors

        context = super().get_context_data(**kwargs)
        provider = sso_selectors.enabled_provider_of(organization=_organization(self.request))
        context["sso_provider"] = provider
        return context


class LogoutView(PublicRouteMixin, auth_views.LogoutView):
    """Django's own; anyone may end their own session."""

    public_reason = "Ending one's own session needs no capability."


class PasswordResetView(PublicRouteMixin, auth_views.PasswordResetView):
    public_reason = "Asking for a reset link is for people who cannot log in."
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        """Mail each matching person a link bound to this organisation.

        Not Django's ``form.save``: that builds the link from the request's
        Host header and signs a token valid on every host. Here the token
        names the organisation and the link is built from its configured domain.
        """
        organization = _organization(self.request)
        people = selectors.people_who_may_reset_password(
            email=form.cleaned_data["email"], organization=organization
        )
        for person in people:
            notifications.password_reset_send(person=person, organization=organization)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(PublicRouteMixin, auth_views.PasswordResetDoneView):
    public_reason = "Says a link was sent, whether or not the address is known."
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(PublicRouteMixin, auth_views.PasswordResetConfirmView):
    public_reason = "The mailed token in the path is the credential."
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A token made for another organisation's host does not check here.
        self.token_generator = password_token_generator(_organization(request))
        return super().dispatch(request, *args, **kwargs)


class PasswordResetCompleteView(PublicRouteMixin, auth_views.PasswordResetCompleteView):
    public_reason = "Says the new password is set; shows nothing else."
    template_name = "accounts/password_reset_complete.html"


@public_route(reason="Any logged-in person, only to their own memberships (checked here).")
@login_required
@require_GET
def switch_organization(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the person to another of their organisations, logged in there."""
    organization = Organization.objects.tenants().filter(slug=slug).first()
    if (
        organization is None
        or selectors.membership_in(person=request.user, organization=organization) is None
    ):
        raise Http404
    if request.session.get(SSO_SESSION_ORGANIZATION_KEY):
        # The organisation's provider vouched for this person on this host only;
        # elsewhere they log in by that organisation's own means.
        return HttpResponseRedirect(organization_url(organization, "/accounts/login/"))
    token = services.handoff_token_create(person=request.user, organization=organization)  # type: ignore[arg-type]
    return HttpResponseRedirect(organization_url(organization, f"/accounts/handoff/?t={token}"))


@public_route(reason="Logs in with a one-time handoff token; the token is the credential.")
@require_GET
def handoff(request: HttpRequest) -> HttpResponse:
    """Log in with a handoff token made by ``switch_organization`` on another host."""
    tenant = getattr(request, "tenant", None)
    person = None
    if tenant is not None and tenant.schema_name != "public":
        person = services.handoff_token_redeem(
            token=request.GET.get("t", ""),
            organization=tenant,
            max_age=settings.ACCOUNT_HANDOFF_MAX_AGE_SECONDS,
        )
    if person is None:
        return render(request, "accounts/handoff_failed.html", status=400)
    if sso_selectors.password_login_refused(person=person, organization=tenant):
        # This organisation requires its own provider: a session from elsewhere is no way in.
        return redirect("sso:login")
    auth.login(request, person, backend="shared.accounts.backends.EmailBackend")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
