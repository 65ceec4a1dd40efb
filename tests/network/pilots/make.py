"""Joint pilots for tests: proposed through the services, decided by each organisation."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django_tenants.utils import tenant_context

from network.pilots import services
from network.pilots.models import Pilot
from shared.organizations.models import Organization, OrganizationKind
from tenants.council import services as council_services
from tenants.council.models import Decision
from tenants.jointpilots import services as joint_services
from tenants.jointpilots.models import PartnerDecision
from tests import factories

DAY = datetime.date(2026, 4, 20)


def person(organization: Organization, role: str = "admin", **fields: Any) -> Any:
    return factories.MembershipFactory(organization=organization, role=role, **fields).person


def pilot(owner: Organization, *invitees: Organization, by: Any = None, **fields: Any) -> Pilot:
    """A proposed pilot of ``owner`` with ``invitees`` invited."""
    by = by or person(owner, "coach")
    values: dict[str, Any] = {
        "title": "Digitala trygghetslarm i hemtjänsten",
        "summary": "Tre kommuner testar digitala trygghetslarm tillsammans.",
        "plan": "Vecka 1–4: installation. Vecka 5–12: mätning av larmtider.",
        "area": "Vård och omsorg",
    }
    made = services.pilot_propose(organization=owner, by=by, **{**values, **fields})
    for invitee in invitees:
        services.participant_invite(
            pilot_id=made.pk, organization=owner, invitee_id=invitee.pk, by=by
        )
    connection.set_schema_to_public()
    return made


def council_decides(
    organization: Organization,
    made: Pilot,
    *,
    takes_part: bool = True,
    amount: str = "100000",
    units: tuple[str, ...] = ("Hemtjänst norr",),
    budget: str = "1000000",
) -> Decision:
    """The organisation's idea council prepares the invitation and decides on it."""
    with tenant_context(organization):
        coach = person(organization, "coach")
        admin = person(organization, "admin")
        council_services.budget_set(year=DAY.year, amount_sek=budget, by=admin)
        meeting = council_services.meeting_create(held_on=DAY, title="Idérådet april", by=admin)
        joint_services.pilot_case_prepare(
            pilot_id=made.pk,
            meeting=meeting,
            units=list(units),
            proposed_amount_sek=amount,
            preparation_memo="Beredd inför idérådet.",
            by=coach,
        )
        decision = joint_services.pilot_case_decide(
            pilot_id=made.pk,
            takes_part=takes_part,
            amount_sek=amount if takes_part else "0",
            rationale="Vi deltar med hemtjänsten." if takes_part else "Inte i år.",
            decided_on=DAY,
            by=admin,
        )
    connection.set_schema_to_public()
    return decision


def partner_decides(
    organization: Organization,
    made: Pilot,
    *,
    takes_part: bool = True,
    amount: str = "25000",
    units: tuple[str, ...] = ("Affärsutvecklare",),
) -> PartnerDecision:
    with tenant_context(organization):
        decision = joint_services.partner_decide(
            pilot_id=made.pk,
            takes_part=takes_part,
            committed_sek=amount if takes_part else "0",
            units=list(units) if takes_part else [],
            rationale="Inkubatorn bidrar med affärsutveckling.",
            decided_on=DAY,
            by=person(organization, "admin"),
        )
    connection.set_schema_to_public()
    return decision


def as_partner(organization: Organization) -> Organization:
    """Make a session organisation a partner for this (rolled-back) test."""
    organization.kind = OrganizationKind.PARTNER
    organization.population = 0
    organization.save(update_fields=["kind", "population"])
    return organization


def sek(value: str) -> Decimal:
    return Decimal(value)
