"""Platform admin for people and memberships. People are deactivated, never deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shared.accounts.models import ApiToken, Membership, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organization", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "platform_role", "is_active", "date_joined"]
    list_filter = ["platform_role", "is_active"]
    search_fields = ["email", "full_name"]
    fields = ["email", "full_name", "platform_role", "is_active", "is_staff", "preferred_language"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Rows in organisations' schemas point at people; deactivate instead.
        return False

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        if not change:
            # Nobody sets another person's password: they choose it from a mailed link.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made and revoked by their owners; the platform admin only looks."""

    list_display = ["prefix", "name", "person", "organization", "expires_at", "revoked_at"]
    list_filter = ["revoked_reason"]
    search_fields = ["person__email", "prefix", "name"]
    exclude = ["key_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
