"""Pages for data subjects' requests (GDPR art. 15, 17, 20).

Platform staff, on the public site, register a person's request, follow it
while it runs and hand over the export (JSON and a readable summary). An
organisation's admin, on its host, does the same for its own portal contacts.
Erasure always passes a confirmation step that names what will happen.
"""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from shared.accounts.models import Person
from shared.accounts.permissions import MemberRequiredMixin, platform_staff_required
from shared.core.forms import add_service_errors
from shared.privacy import selectors, services
from shared.privacy.forms import ContactRequestForm, SubjectRequestForm
from shared.privacy.models import SubjectRequest, SubjectRequestKind


def _json_download(data: dict[str, Any], *, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _request_or_404(pk: int) -> SubjectRequest:
    try:
        return selectors.subject_request_get(pk=pk)
    except SubjectRequest.DoesNotExist:
        raise Http404 from None


# --- Platform staff, on the public site ---------------------------------------------------


@platform_staff_required
def staff_requests(request: HttpRequest) -> HttpResponse:
    """Register a request; an erasure first shows what it will do and asks to confirm."""
    form = SubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind, email = form.cleaned_data["kind"], form.cleaned_data["email"]
        if kind == SubjectRequestKind.ERASURE and request.POST.get("confirm") != "yes":
            return render(
                request,
                "privacy/staff_confirm.html",
                {
                    "email": email,
                    "kind": kind,
                    "footprint": selectors.person_footprint(email=email),
                    "organizations": selectors.organization_count(),
                },
            )
        try:
            created = services.subject_request_create(
                kind=kind, email=email, by=cast(Person, request.user)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("privacy-staff-detail", pk=created.pk)
    return render(
        request,
        "privacy/staff_list.html",
        {"form": form, "requests": selectors.subject_request_list()[:50]},
        status=400 if form.is_bound else 200,
    )


@platform_staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: its progress while it runs, then what it found or changed."""
    subject_request = _request_or_404(pk)
    return render(
        request,
        "privacy/staff_detail.html",
        {
            "subject_request": subject_request,
            "outcome": selectors.outcome_summary(subject_request.outcome),
            "has_export": subject_request.kind == SubjectRequestKind.EXPORT
            and bool(subject_request.result),
        },
    )


@platform_staff_required
@require_GET
def staff_status(request: HttpRequest, pk: int) -> JsonResponse:
    """How far a request has come, for the detail page to poll (platform/static/js/progress.js)."""
    subject_request = _request_or_404(pk)
    return JsonResponse(
        {
            "status": subject_request.status,
            "status_display": subject_request.get_status_display(),
            "schemas_done": subject_request.schemas_done,
            "schemas_total": subject_request.schemas_total,
            "percent": subject_request.progress_percent,
            "finished": subject_request.is_finished,
            "text": _("%(status)s: %(done)s av %(total)s organisationer.")
            % {
                "status": subject_request.get_status_display(),
                "done": subject_request.schemas_done,
                "total": subject_request.schemas_total,
            },
        },
        headers={"Cache-Control": "no-store"},
    )


def _export_of(request: HttpRequest, subject_request: SubjectRequest) -> dict[str, Any] | None:
    try:
        return services.subject_request_export_read(
            request=subject_request, by=cast(Person, request.user)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None


@platform_staff_required
@require_GET
def staff_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The export, machine-readable (art. 20): every trace found, as JSON."""
    subject_request = _request_or_404(pk)
    result = _export_of(request, subject_request)
    if result is None:
        return redirect("privacy-staff-detail", pk=pk)
    return _json_download(result, filename=f"registerutdrag-{subject_request.pk}.json")


@platform_staff_required
@require_GET
def staff_export_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The export, readable and printable (art. 15): per organisation, per kind, every row."""
    subject_request = _request_or_404(pk)
    result = _export_of(request, subject_request)
    if result is None:
        return redirect("privacy-staff-detail", pk=pk)
    return render(
        request,
        "privacy/summary.html",
        {
            "subject_request": subject_request,
            "email": result.get("email", ""),
            "summary": selectors.export_summary(result),
            "made_on": subject_request.finished_at,
        },
    )


# --- An organisation's admin, on its host ---------------------------------------------------


class ContactRequestsView(MemberRequiredMixin, View):
    """Export or erase one of this organisation's portal contacts, by e-mail."""

    required_capability = "settings.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._form(request, ContactRequestForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ContactRequestForm(request.POST)
        action = request.POST.get("action", "")
        if not form.is_valid() or action not in {"summary", "json", "erase"}:
            if action not in {"summary", "json", "erase"}:
                form.add_error(None, _("Välj vad som ska göras."))
            return self._form(request, form, status=400)
        email = form.cleaned_data["email"]
        by = cast(Person, request.user)
        if action == "erase":
            if request.POST.get("confirm") != "yes":
                return render(
                    request,
                    "privacy/contacts_confirm.html",
                    {"email": email, "contacts": selectors.contacts_with_email(email=email)},
                )
            counts = services.contact_erase(email=email, by=by)
            if counts:
                messages.success(
                    request,
                    _("Kontakten är anonymiserad: %(rows)s rader ändrades.")
                    % {"rows": sum(counts.values())},
                )
            else:
                messages.info(request, _("Ingen portalkontakt har den adressen; inget ändrades."))
            return redirect("privacy-contacts")
        export = services.contact_export(email=email, by=by)
        if action == "json":
            day = timezone.localdate().isoformat()
            return _json_download(export, filename=f"registerutdrag-kontakt-{day}.json")
        return render(
            request,
            "privacy/summary.html",
            {
                "email": email,
                "summary": selectors.export_summary(export),
                "made_on": timezone.now(),
                "back_url_name": "privacy-contacts",
            },
        )

    def _form(
        self, request: HttpRequest, form: ContactRequestForm, status: int = 200
    ) -> HttpResponse:
        return render(request, "privacy/contacts.html", {"form": form}, status=status)


class RetentionView(MemberRequiredMixin, View):
    """What retention keeps, and which contacts it will anonymise or remove, and when."""

    required_capability = "settings.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        from shared.privacy import retention

        return render(
            request,
            "privacy/retention.html",
            {
                "upcoming": selectors.retention_upcoming(within_days=365),
                "classes": selectors.retention_classes(),
                "years": retention.contact_years(),
                "days": retention.unconfirmed_days(),
            },
        )
