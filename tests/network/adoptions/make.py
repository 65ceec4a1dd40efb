"""Network rows for adoption tests: publications written straight into the public tables."""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from network.exchange.models import Follow, PopulationBand, Publication
from shared.organizations.models import Organization

_numbers = itertools.count(1000)

EVIDENCE = {
    "tests": [{"title": "Lådcyklar i tre hemtjänstgrupper", "status": "completed"}],
    "evaluation": {
        "effects": "Restiden halverades.",
        "actual_cost_sek": "120000.00",
        "recommendation": "implement",
    },
}


def publication(organization: Organization, kind: str = "idea", **fields: Any) -> Publication:
    """A published item of ``organization`` (a proven idea in test unless told)."""
    now = timezone.now()
    values: dict[str, Any] = {
        "organization": organization,
        "kind": kind,
        "source_id": next(_numbers),
        "title": "Lådcyklar i hemtjänsten",
        "summary": "Hemtjänsten cyklar i stället för att köra bil i centrum.",
        "body": "Tre grupper testade lådcyklar under våren.",
        "area": "Vård och omsorg",
        "stage": "evaluation" if kind == "idea" else "",
        "stage_name": "Utvärdering" if kind == "idea" else "",
        "outcome": "implement" if kind == "idea" else "",
        "evidence": EVIDENCE if kind == "idea" else {},
        "contact_role": f"Idéslussen i {organization.name}",
        "origin_name": organization.name,
        "county_code": organization.county_code,
        "municipality_codes": organization.municipality_codes,
        "population_band": PopulationBand.for_population(organization.population),
        "published_at": now,
        "updated_at": now,
        **fields,
    }
    if values.get("status") == "withdrawn":
        values.setdefault("withdrawn_at", now)
    return Publication.objects.create(**values)


def follow(publication: Publication, person: Any, organization: Organization) -> Follow:
    return Follow.objects.create(publication=publication, person=person, organization=organization)
