"""Reads on adoptions and the evidence that flowed back: public rows only, never a tenant schema."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from network.adoptions.models import Adoption, EvidenceReport, FollowedArea
from network.exchange.models import Publication
from shared.organizations.models import Organization


@dataclass(frozen=True)
class Spread:
    """How far an item spread: every adopter, and the evaluations they reported back."""

    adoptions: list[Adoption]
    reports: list[EvidenceReport]

    @property
    def recommending(self) -> int:
        """How many reported evaluations recommend implementing it."""
        return sum(report.recommendation == "implement" for report in self.reports)


def publication_visible_to(
    *, publication_id: int, organization: Organization
) -> Publication | None:
    """The item if it is published, or withdrawn but ``organization``'s own; else None."""
    publication = (
        Publication.objects.select_related("organization").filter(pk=publication_id).first()
    )
    if publication is None:
        return None
    if not publication.is_published and publication.organization_id != organization.pk:
        return None
    return publication


def spread_of(*, publication_id: int) -> Spread:
    """Every organisation that adopted the item, and every evaluation that flowed back."""
    adoptions = list(
        Adoption.objects.filter(publication_id=publication_id)
        .select_related("organization")
        .order_by("adopted_at", "pk")
    )
    reports = list(
        EvidenceReport.objects.filter(publication_id=publication_id)
        .select_related("organization")
        .order_by("-evaluated_on", "-pk")
    )
    return Spread(adoptions=adoptions, reports=reports)


def adoption_of(*, publication_id: int, organization: Organization) -> Adoption | None:
    """``organization``'s adoption of the item, if it took it in."""
    return Adoption.objects.filter(publication_id=publication_id, organization=organization).first()


def adoptions_by(*, organization: Organization) -> QuerySet[Adoption]:
    """What ``organization`` took in from the network, newest first."""
    return (
        Adoption.objects.filter(organization=organization)
        .select_related("publication", "publication__organization")
        .order_by("-adopted_at", "-pk")
    )


def followed_areas(*, organization: Organization) -> list[FollowedArea]:
    """The areas ``organization`` follows, alphabetically."""
    return list(FollowedArea.objects.filter(organization=organization).order_by("area"))
