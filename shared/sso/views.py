"""Log in by the organisation's own provider; its admin's settings page and test button."""

from __future__ import annotations

import secrets
from typing import Any

from authlib.common.security import generate_token
from django.conf import settings
from django.contrib import auth, messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shared.accounts.models import Role
from shared.accounts.permissions import can, capability_required, public_route
from shared.core import signing as organization_signing
from shared.core.urls import organization_url
from shared.sso import flows, oidc, saml, selectors, services
from shared.sso.forms import ProviderForm
from shared.sso.models import IdentityProvider, Protocol


def _organization(request: HttpRequest) -> Any:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        raise Http404
    return tenant


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("home")


def oidc_redirect_uri(organization: Any) -> str:
    """The callback on the organisation's own configured host, whatever host was asked."""
    return organization_url(organization, reverse("sso:oidc-callback"))


def _start(request: HttpRequest, *, provider: IdentityProvider, mode: str, next_url: str) -> Any:
    organization = provider.organization
    if provider.protocol == Protocol.SAML:
        try:
            return HttpResponseRedirect(
                saml.authn_redirect(request, provider=provider, mode=mode, next_url=next_url)
            )
        except oidc.ProviderError as error:
            services.sso_refusal_record(
                organization=organization,
                reason=services.Refusal.INVALID_RESPONSE,
                detail=str(error),
            )
            return _refused(request, organization, services.Refusal.INVALID_RESPONSE, status=502)
    nonce = secrets.token_urlsafe(24)
    code_verifier = generate_token(64)
    state = flows.flow_start(
        request,
        organization=organization,
        mode=mode,
        next_url=next_url,
        data={"nonce": nonce, "verifier": code_verifier},
    )
    try:
        metadata = oidc.discover(provider.issuer)
        url = oidc.authorization_url(
            provider=provider,
            metadata=metadata,
            redirect_uri=oidc_redirect_uri(organization),
            state=state,
            nonce=nonce,
            code_verifier=code_verifier,
        )
    except oidc.ProviderError as error:
        services.sso_refusal_record(
            organization=organization, reason=services.Refusal.INVALID_RESPONSE, detail=str(error)
        )
        return _refused(request, organization, services.Refusal.INVALID_RESPONSE, status=502)
    return HttpResponseRedirect(url)


def _refused(request: HttpRequest, organization: Any, reason: str, *, status: int = 403) -> Any:
    return render(
        request,
        "sso/refused.html",
        {"message": services.refusal_message(reason, organization=organization)},
        status=status,
    )


@public_route(reason="Starts a login at the organisation's own identity provider.")
@require_GET
def login_start(request: HttpRequest) -> HttpResponse:
    """Send the person to the organisation's provider to log in."""
    organization = _organization(request)
    provider = selectors.enabled_provider_of(organization=organization)
    if provider is None:
        raise Http404
    return _start(
        request,
        provider=provider,
        mode=flows.MODE_LOGIN,
        next_url=_safe_next(request, request.GET.get("next", "")),
    )


@public_route(
    reason="Where the provider sends the person back; the signed one-time state, bound to "
    "this organisation and this browser's session, is the credential."
)
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Finish an OpenID Connect login (or an admin's test) the provider sent back."""
    organization = _organization(request)
    if request.GET.get("error"):
        # The provider said no (some providers send no state with it): nothing to log in.
        detail = f"{request.GET.get('error')}: {request.GET.get('error_description', '')}"
        services.sso_refusal_record(
            organization=organization, reason=services.Refusal.PROVIDER_REFUSED, detail=detail
        )
        return _refused(request, organization, services.Refusal.PROVIDER_REFUSED)
    try:
        flow = flows.flow_finish(
            request, organization=organization, value=request.GET.get("state", "")
        )
    except flows.FlowRefused as refused:
        services.sso_refusal_record(
            organization=organization,
            reason=services.Refusal.OTHER_ORGANIZATION,
            detail=refused.reason,
        )
        return _refused(request, organization, services.Refusal.OTHER_ORGANIZATION, status=400)
    provider = selectors.provider_of(organization=organization)
    if provider is None or provider.protocol != Protocol.OIDC:
        raise Http404
    try:
        metadata = oidc.discover(provider.issuer)
        tokens = oidc.exchange_code(
            provider=provider,
            metadata=metadata,
            redirect_uri=oidc_redirect_uri(organization),
            code=request.GET.get("code", ""),
            code_verifier=flow.data["verifier"],
        )
        claims = oidc.id_token_claims(
            provider=provider,
            metadata=metadata,
            id_token=tokens["id_token"],
            nonce=flow.data["nonce"],
        )
        info = oidc.userinfo(
            metadata=metadata,
            access_token=str(tokens.get("access_token", "")),
            subject=str(claims["sub"]),
        )
    except oidc.ProviderError as error:
        services.sso_refusal_record(
            organization=organization, reason=services.Refusal.INVALID_RESPONSE, detail=str(error)
        )
        return _refused(request, organization, services.Refusal.INVALID_RESPONSE)
    sent = {**info, **claims}
    if flow.mode != flows.MODE_TEST and sent.get("email_verified") is False:
        services.sso_refusal_record(
            organization=organization,
            reason=services.Refusal.NO_EMAIL,
            target=str(sent.get(provider.email_claim) or ""),
            detail="email_verified is false",
        )
        return _refused(request, organization, services.Refusal.NO_EMAIL)
    return _complete(
        request,
        provider=provider,
        flow=flow,
        subject=str(claims["sub"]),
        person=oidc_person(provider=provider, claims=sent),
        sent=sent,
        refresh_token=str(tokens.get("refresh_token") or ""),
    )


def _complete(
    request: HttpRequest,
    *,
    provider: IdentityProvider,
    flow: flows.Flow,
    subject: str,
    person: dict[str, Any],
    sent: dict[str, Any],
    refresh_token: str = "",
) -> HttpResponse:
    """A checked answer: show it (the admin's test) or log the person in."""
    if flow.mode == flows.MODE_TEST:
        return _test_result(request, provider=provider, sent=sent, **person)
    outcome = services.sso_login(
        provider=provider, subject=subject, refresh_token=refresh_token, **person
    )
    return _logged_in(
        request, organization=provider.organization, outcome=outcome, next_url=flow.next_url
    )


@public_route(
    reason="The SAML provider posts its answer here from its own site; the answer is only "
    "kept for the next step, where the signed RelayState and this browser's session decide."
)
@csrf_exempt
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    """Assertion Consumer Service: keep the posted answer, go on with the session (see saml.py)."""
    organization = _organization(request)
    relay_state = request.POST.get("RelayState", "")
    try:
        # Checked here without spending it: an answer for another organisation stops now.
        organization_signing.organization_loads(
            relay_state,
            salt=flows.SALT,
            organization=organization,
            max_age=settings.SSO_FLOW_MAX_AGE_SECONDS,
        )
    except signing.BadSignature:
        services.sso_refusal_record(
            organization=organization,
            reason=services.Refusal.OTHER_ORGANIZATION,
            detail="saml relay state",
        )
        return _refused(request, organization, services.Refusal.OTHER_ORGANIZATION, status=400)
    key = saml.pending_store(
        saml_response=request.POST.get("SAMLResponse", ""), relay_state=relay_state
    )
    return HttpResponseRedirect(f"{reverse('sso:saml-finish')}?k={key}")


@public_route(
    reason="Finishes a SAML login; the kept answer is checked against the signed one-time "
    "RelayState bound to this organisation and the request this browser's session made."
)
@require_GET
def saml_finish(request: HttpRequest) -> HttpResponse:
    """Check the provider's answer kept by ``saml_acs`` and log the person in (or test)."""
    organization = _organization(request)
    pending = saml.pending_take(request.GET.get("k", ""))
    try:
        if pending is None:
            raise flows.FlowRefused("no_pending_answer")
        flow = flows.flow_finish(request, organization=organization, value=pending["s"])
    except flows.FlowRefused as refused:
        services.sso_refusal_record(
            organization=organization,
            reason=services.Refusal.OTHER_ORGANIZATION,
            detail=refused.reason,
        )
        return _refused(request, organization, services.Refusal.OTHER_ORGANIZATION, status=400)
    provider = selectors.provider_of(organization=organization)
    if provider is None or provider.protocol != Protocol.SAML:
        raise Http404
    try:
        answer = saml.authn_response(
            provider=provider, saml_response=pending["r"], request_id=flow.data["request_id"]
        )
    except saml.SamlRefused as error:
        services.sso_refusal_record(
            organization=organization, reason=services.Refusal.PROVIDER_REFUSED, detail=str(error)
        )
        return _refused(request, organization, services.Refusal.PROVIDER_REFUSED)
    except oidc.ProviderError as error:
        services.sso_refusal_record(
            organization=organization, reason=services.Refusal.INVALID_RESPONSE, detail=str(error)
        )
        return _refused(request, organization, services.Refusal.INVALID_RESPONSE)
    return _complete(
        request,
        provider=provider,
        flow=flow,
        subject=answer["subject"],
        person=saml.person_of(provider=provider, answer=answer),
        sent={"NameID": answer["subject"], **answer["attributes"]},
    )


@public_route(
    reason="Service-provider metadata is public by design: the provider's admin reads it."
)
@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    """This organisation's SAML service-provider metadata (its entity id is this address)."""
    organization = _organization(request)
    try:
        xml = saml.sp_metadata(organization)
    except oidc.ProviderError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(xml, content_type="application/samlmetadata+xml")


def oidc_person(*, provider: IdentityProvider, claims: dict[str, Any]) -> dict[str, Any]:
    """E-mail, name and groups from the claims the admin named."""
    groups = claims.get(provider.groups_claim, []) if provider.groups_claim else []
    if isinstance(groups, str):
        groups = [groups]
    return {
        "email": str(claims.get(provider.email_claim) or ""),
        "full_name": str(claims.get("name") or ""),
        "groups": [str(group) for group in groups] if isinstance(groups, list) else [],
    }


def _logged_in(
    request: HttpRequest, *, organization: Any, outcome: services.LoginOutcome, next_url: str
) -> HttpResponse:
    if outcome.person is None:
        return _refused(request, organization, outcome.refusal)
    auth.login(request, outcome.person, backend="shared.accounts.backends.EmailBackend")
    request.session[flows.SESSION_ORGANIZATION_KEY] = organization.pk
    return redirect(_safe_next(request, next_url))


def _test_result(
    request: HttpRequest,
    *,
    provider: IdentityProvider,
    sent: dict[str, Any],
    email: str,
    full_name: str,
    groups: list[str],
) -> HttpResponse:
    """Show the admin what the provider sent and what a login would do; change nothing."""
    if not request.user.is_authenticated or not can(request, "sso.manage"):
        services.sso_refusal_record(
            organization=provider.organization,
            reason=services.Refusal.NOT_MEMBER,
            detail="test result for someone who may not manage sign-in",
        )
        return _refused(request, provider.organization, services.Refusal.NOT_MEMBER)
    role = selectors.role_for_groups(provider=provider, groups=groups)
    return render(
        request,
        "sso/test_result.html",
        {
            "provider": provider,
            "sent": sorted((key, repr(value)) for key, value in sent.items()),
            "email": email,
            "full_name": full_name,
            "groups": groups,
            "role": Role(role).label if role else "",
        },
    )


@capability_required("sso.manage")
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """The organisation's provider: protocol, addresses, secret, group mapping."""
    organization = _organization(request)
    provider = selectors.provider_of(organization=organization)
    form = ProviderForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_provider_save(
                organization=organization, settings=form.provider_settings(), by=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Inloggningsinställningarna är sparade."))
            return redirect("sso:settings")
    return render(
        request,
        "sso/settings.html",
        {
            "form": form,
            "provider": provider,
            "redirect_uri": oidc_redirect_uri(organization),
            "saml_acs_url": saml.acs_url(organization),
            "saml_metadata_url": saml.entity_id(organization),
            "secret_environment_name": provider.secret_environment_name() if provider else "",
        },
    )


@capability_required("sso.manage")
@require_POST
def test_start(request: HttpRequest) -> HttpResponse:
    """The test button: log in at the provider and come back to see what it sent."""
    organization = _organization(request)
    provider = selectors.provider_of(organization=organization)
    if provider is None:
        raise Http404
    return _start(
        request, provider=provider, mode=flows.MODE_TEST, next_url=reverse("sso:settings")
    )
