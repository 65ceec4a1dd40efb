"""The demo's joint pilot: the Sundsvall region with the partner incubator Åkroken, running."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from network.pilots import selectors
from network.pilots.models import DecisionRoute, Pilot, PilotStatus
from shared.accounts.models import Membership, Role
from shared.core import demo
from shared.organizations import services as organization_services
from shared.organizations.models import OrganizationStatus
from tenants.council.models import Decision
from tenants.jointpilots import demo as pilot_demo
from tenants.jointpilots.models import PartnerDecision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_and_incubator(db):  # type: ignore[no-untyped-def]
    """The two demo organisations and their demo admins, as ``demo_seed`` makes them."""
    made = {}
    for spec in demo.DEMO_ORGANIZATIONS:
        if spec.slug in ("sundsvallsregionen", "akroken"):
            made[spec.slug] = organization_services.organization_provision(
                name=spec.name,
                slug=spec.slug,
                kind=spec.kind,
                municipality_codes=spec.codes if spec.slug != "akroken" else (),
                status=OrganizationStatus.ACTIVE,
            )
    for email, _name, slug, role in demo.DEMO_MEMBERS:
        if slug in made:
            person = factories.PersonFactory(email=email)
            Membership.objects.create(person=person, organization=made[slug], role=role)
    connection.set_schema_to_public()
    return made["sundsvallsregionen"], made["akroken"]


class TestPilotDemo:
    def test_seeds_a_running_pilot_decided_by_the_council_and_the_partner_once(
        self, region_and_incubator
    ):
        region, incubator = region_and_incubator

        first = pilot_demo.seed(log=lambda _text: None)
        again = pilot_demo.seed(log=lambda _text: None)

        assert first == {"pilots": 1}
        assert again == {"pilots": 0}
        pilot = Pilot.objects.get(organization=region)
        assert pilot.status == PilotStatus.RUNNING
        view = selectors.pilot_for(pk=pilot.pk, organization=incubator)
        assert view is not None
        routes = {p.organization.slug: p.decided_by_route for p in view.participants}
        assert routes == {
            "sundsvallsregionen": DecisionRoute.COUNCIL,
            "akroken": DecisionRoute.PARTNER,
        }
        budget = selectors.budget_of(view=view)
        assert budget.total_sek == Decimal("400000.00")
        assert [line.share_sek for line in budget.lines] == [
            Decimal("340000.00"),
            Decimal("60000.00"),
        ]
        assert selectors.log_of(pilot=pilot).count() == 2
        with tenant_context(region):
            assert (
                Decision.objects.get().registration_number
                == view.participants[0].decision_reference
            )
        with tenant_context(incubator):
            assert PartnerDecision.objects.get().external_reference == "Styrelsen 2/2026"
        assert Role.ADMIN in Membership.objects.filter(organization=incubator).values_list(
            "role", flat=True
        )
