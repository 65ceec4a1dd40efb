"""Reads for the platform staff's overview: organisations, provisioning and their status."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from shared.organizations.models import Organization, ProvisioningRequest

RECENT_REQUESTS = 10


@dataclass(frozen=True)
class PlatformOverview:
    organizations: list[Organization]
    by_status: dict[str, int]
    by_kind: dict[str, int]
    requests: list[ProvisioningRequest]
    unfinished_requests: int


def platform_overview() -> PlatformOverview:
    """Every organisation with its primary domain, counts by status and kind, recent requests.

    Four queries, whatever the number of organisations.
    """
    organizations = list(
        Organization.objects.tenants().prefetch_related("domains").order_by("name")
    )
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for organization in organizations:
        by_status[organization.status] = by_status.get(organization.status, 0) + 1
        by_kind[organization.kind] = by_kind.get(organization.kind, 0) + 1
    requests = list(ProvisioningRequest.objects.order_by("-created_at", "-pk")[:RECENT_REQUESTS])
    unfinished = ProvisioningRequest.objects.filter(status__in=["queued", "running"]).aggregate(
        n=Count("pk")
    )["n"]
    return PlatformOverview(
        organizations=organizations,
        by_status=by_status,
        by_kind=by_kind,
        requests=requests,
        unfinished_requests=unfinished,
    )
