"""Reads on adoptions and the evidence that flowed back: public rows only, never a tenant schema."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet

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

    def adoption_by(self, organization: Organization | None) -> Adoption | None:
        """``organization``'s adoption among the adopters, if it took the item in."""
        if organization is None:
            return None
        return next((a for a in self.adoptions if a.organization_id == organization.pk), None)


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


# The report's own columns read alongside its adoption; its organisation is the adopter's.
_REPORT_FIELDS = (
    "id",
    "source_evaluation_id",
    "recommendation",
    "effects",
    "actual_cost_sek",
    "measures_total",
    "measures_met",
    "evaluated_on",
    "population_served",
    "created_at",
)


def spread_of(*, publication_id: int) -> Spread:
    """Every organisation that adopted the item, and every evaluation that flowed back.

    One query: each adopter with its organisation, joined to its reports (a
    report always belongs to an adoption of the same organisation), so the
    item page pays one statement for its spread panel.
    """
    rows = (
        Adoption.objects.filter(publication_id=publication_id)
        .select_related("organization")
        .annotate(**{f"report_{name}": F(f"reports__{name}") for name in _REPORT_FIELDS})
        .order_by("adopted_at", "pk")
    )
    adoptions: dict[int, Adoption] = {}
    reports: list[EvidenceReport] = []
    for row in rows:
        adoption = adoptions.setdefault(row.pk, row)
        if getattr(row, "report_id", None) is None:
            continue
        report = EvidenceReport(
            adoption=adoption,
            publication_id=adoption.publication_id,
            organization=adoption.organization,
            **{name: getattr(row, f"report_{name}") for name in _REPORT_FIELDS},
        )
        report._state.adding = False
        report._state.db = row._state.db
        reports.append(report)
    reports.sort(key=lambda report: (report.evaluated_on, report.pk), reverse=True)
    return Spread(adoptions=list(adoptions.values()), reports=reports)


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
