"""Platform admin: organisations are created through provisioning requests run by a task."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shared.organizations import services
from shared.organizations.forms import ProvisioningRequestForm
from shared.organizations.models import Domain, Organization, ProvisioningRequest


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["domain", "is_primary"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "county_code", "population", "status", "created_at"]
    list_filter = ["kind", "status", "county_code"]
    search_fields = ["name", "slug"]
    readonly_fields = [
        "schema_name",
        "slug",
        "kind",
        "municipality_codes",
        "county_code",
        "population",
        "created_at",
    ]
    fields = ["name", "status", *readonly_fields]
    inlines = [DomainInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New organisations come through a provisioning request (a task), never in the request.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Organisations are archived, never deleted: their data is a municipality's record.
        return False

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        if "status" in form.changed_data:
            status = obj.status
            obj.status = form.initial["status"]
            services.organization_set_status(organization=obj, status=status, by=request.user)
            obj.status = status
        obj.save(update_fields=["name"])


@admin.register(ProvisioningRequest)
class ProvisioningRequestAdmin(admin.ModelAdmin):
    form = ProvisioningRequestForm
    list_display = ["slug", "name", "status", "progress_percent", "step", "created_at"]
    list_filter = ["status"]
    change_form_template = "admin/organizations/provisioningrequest/change_form.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return [
            "name",
            "slug",
            "kind",
            "municipality_codes",
            "domain",
            "admin_email",
            "admin_name",
            "status",
            "progress_percent",
            "step",
            "error",
            "organization",
            "created_at",
            "finished_at",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]
        if obj is None:
            return [
                "name",
                "slug",
                "kind",
                "municipality_codes",
                "domain",
                "admin_email",
                "admin_name",
            ]
        return self.get_readonly_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change page only shows progress; a request is never edited.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "POST":
            return super().add_view(request, form_url, extra_context)
        form = ProvisioningRequestForm(request.POST)
        if not form.is_valid():
            return super().add_view(request, form_url, extra_context)
        try:
            provisioning = services.provisioning_request_create(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"],
                municipality_codes=form.cleaned_data["municipality_codes"],
                domain=form.cleaned_data["domain"],
                admin_email=form.cleaned_data["admin_email"],
                admin_name=form.cleaned_data["admin_name"],
                by=request.user,
            )
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return super().add_view(request, form_url, extra_context)
        self.message_user(
            request,
            _("Organisationen skapas nu i bakgrunden. Sidan visar hur det går."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:organizations_provisioningrequest_change", args=[provisioning.pk])
        )
