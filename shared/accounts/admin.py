"""Platform admin for people and memberships. People are deactivated, never deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shared.accounts.models import Membership, Person


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
