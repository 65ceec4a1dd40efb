"""Reads on organisations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from shared.core import geography
from shared.organizations.models import Domain, Organization


@dataclass(frozen=True)
class DirectoryEntry:
    organization: Organization
    municipality_names: list[str]
    county_name: str
    domain: str


def organization_directory() -> list[DirectoryEntry]:
    """Organisations shown on the public site, with their municipalities' names, by name."""
    organizations = (
        Organization.objects.listed()
        .prefetch_related(Prefetch("domains", queryset=Domain.objects.filter(is_primary=True)))
        .order_by("name")
    )
    municipalities = geography.municipalities()
    counties = geography.counties()
    return [
        DirectoryEntry(
            organization=organization,
            municipality_names=[
                municipalities[c].name
                for c in organization.municipality_codes
                if c in municipalities
            ],
            county_name=counties[organization.county_code].name
            if organization.county_code in counties
            else "",
            domain=next((d.domain for d in organization.domains.all()), ""),
        )
        for organization in organizations
    ]
