"""Reads on the needs bank of the current organisation."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from tenants.needs.models import Need, NeedStatus


def need_list(*, status: str | None = None) -> QuerySet[Need]:
    """Needs of this organisation, newest first."""
    needs = Need.objects.select_related("created_by").order_by("-created_at", "-pk")
    if status:
        needs = needs.filter(status=status)
    return needs


def need_counts_by_status() -> dict[str, int]:
    """How many needs are in each status, every status present."""
    counts = dict(
        Need.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in NeedStatus.values}
