"""Billing pages: platform staff's overview and actions, an organisation admin's account."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from billing import forms, lifecycle, plans, selectors, services, stripe_client
from billing.models import Payer, SplitMethod
from shared.accounts.permissions import MemberRequiredMixin, platform_staff_required
from shared.organizations.models import Organization, OrganizationStatus

logger = logging.getLogger(__name__)


def _errors(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        # Stripe's message, never a payload: no card data reaches a log or a page.
        logger.warning("Stripe refused a billing action: %s", type(error).__name__)
        messages.error(request, _("Stripe svarade inte som väntat; inget ändrades. Försök igen."))


# --- Platform staff, on the public site ---------------------------------------------------


@platform_staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """Every organisation's plan, status, next invoice and overdue invoices, by lifecycle."""
    status = request.GET.get("status", "")
    if status not in OrganizationStatus.values:
        status = ""
    return render(
        request,
        "billing/staff_list.html",
        {
            "rows": selectors.staff_rows(status=status),
            "status": status,
            "statuses": list(OrganizationStatus.choices),
        },
    )


def _organization(slug: str) -> Organization:
    return get_object_or_404(Organization.objects.tenants(), slug=slug)


@platform_staff_required
def staff_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(slug)
    account = selectors.account_of(organization=organization)
    context: dict[str, Any] = {
        "organization": organization,
        "account": account,
        "trial_form": forms.TrialForm(),
        "plan_form": forms.PlanForm(initial={"plan": account.plan_code if account else ""}),
        "grace_form": forms.GraceForm(),
    }
    if account is not None:
        context |= _account_context(account)
    return render(request, "billing/staff_detail.html", context)


def _account_context(account: Any) -> dict[str, Any]:
    shares = services.shares_of(account=account)
    payers = [
        (payer, shares.get(payer.pk, 0), plans.vat_of(shares.get(payer.pk, 0)))
        for payer in account.payers.all()
    ]
    oldest = selectors.oldest_overdue(account=account)
    return {
        "plan": account.plan,
        "payers": payers,
        "invoices": selectors.invoices_of(account=account),
        "subscriptions": [s for payer in account.payers.all() for s in payer.subscriptions.all()],
        "suspended_from": lifecycle.suspension_date(
            oldest_overdue=oldest,
            grace_days=services.grace_days(),
            grace_extended_until=account.grace_extended_until,
        )
        if oldest
        else None,
        "is_group": account.split_method != SplitMethod.SINGLE,
    }


def _back(slug: str) -> HttpResponse:
    return redirect("billing-staff-detail", slug=slug)


@platform_staff_required
def staff_trial_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a trial: open the account with its plan and payers."""
    if request.method != "POST":
        return _back(slug)
    organization = _organization(slug)
    form = forms.TrialForm(request.POST)
    if form.is_valid():
        try:
            services.billing_account_open(
                organization=organization,
                by=request.user,
                plan_code=form.cleaned_data["plan"] or None,
                trial_days=form.cleaned_data["days"],
            )
            messages.success(request, _("Provperioden har startat."))
        except ValidationError as error:
            _errors(request, error)
    return _back(slug)


@platform_staff_required
def staff_subscriptions_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Create the Stripe customers and subscriptions of an account."""
    if request.method != "POST":
        return _back(slug)
    account = selectors.account_of(organization=_organization(slug))
    if account is None:
        raise Http404
    try:
        services.subscriptions_start(account=account, by=request.user)
        messages.success(request, _("Prenumerationerna finns nu i Stripe."))
    except (ValidationError, stripe_client.StripeError) as error:
        _errors(request, error)
    return _back(slug)


@platform_staff_required
def staff_plan_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the plan; a page asks to confirm first, since it changes what is invoiced."""
    organization = _organization(slug)
    account = selectors.account_of(organization=organization)
    if account is None:
        raise Http404
    form = forms.PlanForm(request.POST or request.GET or None)
    if not form.is_valid():
        return _back(slug)
    plan = plans.plan_get(form.cleaned_data["plan"])
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.account_plan_change(account=account, plan_code=plan.code, by=request.user)
            messages.success(request, _("Planen är ändrad från nästa faktura."))
        except (ValidationError, stripe_client.StripeError) as error:
            _errors(request, error)
        return _back(slug)
    return render(
        request,
        "billing/staff_confirm.html",
        {
            "organization": organization,
            "action": "plan",
            "plan": plan,
            "current": account.plan,
            "hidden": {"plan": plan.code},
        },
    )


@platform_staff_required
def staff_grace_extend(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        return _back(slug)
    account = selectors.account_of(organization=_organization(slug))
    if account is None:
        raise Http404
    form = forms.GraceForm(request.POST)
    if form.is_valid():
        try:
            services.account_grace_extend(
                account=account, until=form.cleaned_data["until"], by=request.user
            )
            messages.success(request, _("Anståndet är förlängt."))
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, _("Ange ett datum."))
    return _back(slug)


@platform_staff_required
def staff_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """End the subscriptions (the organisation is archived); confirmed on a page first."""
    organization = _organization(slug)
    account = selectors.account_of(organization=organization)
    if account is None:
        raise Http404
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.subscriptions_cancel(account=account, by=request.user)
            messages.success(request, _("Abonnemanget är avslutat och organisationen arkiverad."))
        except (ValidationError, stripe_client.StripeError) as error:
            _errors(request, error)
        return _back(slug)
    return render(
        request,
        "billing/staff_confirm.html",
        {"organization": organization, "action": "cancel", "hidden": {}},
    )


@platform_staff_required
def staff_einvoice(request: HttpRequest, pk: int) -> HttpResponse:
    """The invoice as a Peppol BIS Billing 3.0 document, to download or attach."""
    from billing import einvoice
    from billing.models import Invoice

    try:
        invoice = selectors.invoice_get(pk=pk)
    except Invoice.DoesNotExist as error:
        raise Http404 from error
    response = HttpResponse(einvoice.invoice_ubl(invoice=invoice), content_type="application/xml")
    name = (invoice.number or invoice.stripe_id).replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="e-faktura-{name}.xml"'
    return response


# --- An organisation's admin, on its own host ------------------------------------------------


class BillingOverviewView(MemberRequiredMixin, View):
    """The organisation's plan, price with VAT, invoices, billing details and split."""

    required_capabilities = {"GET": "billing.manage"}

    def get(self, request: HttpRequest) -> HttpResponse:
        organization = request.tenant  # type: ignore[attr-defined]
        account = selectors.account_of(organization=organization)
        context: dict[str, Any] = {"account": account}
        if account is not None:
            context |= _account_context(account)
            context["payer_forms"] = [
                (payer, forms.PayerForm(instance=payer, prefix=f"payer{payer.pk}"))
                for payer, _share, _vat in context["payers"]
            ]
            if context["is_group"]:
                context["split_form"] = forms.SplitForm(
                    payers=list(account.payers.all()), initial={"method": account.split_method}
                )
        return render(request, "billing/overview.html", context)


class PayerEditView(MemberRequiredMixin, View):
    required_capabilities = {"POST": "billing.manage"}

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        payer = get_object_or_404(
            Payer.objects.select_related("account__organization"),
            pk=pk,
            account__organization=request.tenant,  # type: ignore[attr-defined]
        )
        form = forms.PayerForm(
            request.POST, instance=Payer.objects.get(pk=payer.pk), prefix=f"payer{pk}"
        )
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, str(message))
            return redirect("billing:overview")
        try:
            services.payer_update(
                payer=payer,
                by=request.user,
                **{name: form.cleaned_data[name] for name in services.PAYER_FIELDS},
            )
            messages.success(request, _("Faktureringsuppgifterna är sparade."))
        except (ValidationError, stripe_client.StripeError) as error:
            _errors(request, error)
        return redirect("billing:overview")


class SplitEditView(MemberRequiredMixin, View):
    required_capabilities = {"POST": "billing.manage"}

    def post(self, request: HttpRequest) -> HttpResponse:
        account = selectors.account_of(organization=request.tenant)  # type: ignore[attr-defined]
        if account is None:
            raise Http404
        form = forms.SplitForm(request.POST, payers=list(account.payers.all()))
        if form.is_valid():
            try:
                services.account_split_set(
                    account=account,
                    method=form.cleaned_data["method"],
                    custom_percent=form.custom_percent(),
                    by=request.user,
                )
                messages.success(request, _("Fördelningen är sparad."))
            except ValidationError as error:
                _errors(request, error)
        return redirect("billing:overview")
