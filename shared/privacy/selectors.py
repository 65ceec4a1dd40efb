"""Reads on data subjects' requests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shared.privacy.models import SubjectRequest


def subject_request_list() -> QuerySet[SubjectRequest]:
    """Requests, newest first, with who registered them."""
    return SubjectRequest.objects.select_related("requested_by").order_by("-created_at", "-pk")


def export_summary(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The export as a readable list: per schema, per kind of record, how many rows."""
    return [
        {
            "schema": schema_name,
            "kinds": sorted((label, len(rows)) for label, rows in found.items()),
        }
        for schema_name, found in sorted(result.get("schemas", {}).items())
        if found
    ]
