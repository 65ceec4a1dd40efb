"""The demo fills the network: needs from several organisations, co-signed by others."""

from __future__ import annotations

import pytest

from network.exchange import selectors
from network.exchange.models import Publication
from shared.organizations.models import Organization
from tenants.sharing import demo
from tests.factories import MembershipFactory


@pytest.fixture
def three_demo_organisations(tenant_a, tenant_b, tenant_c):
    """The session schemas stand in for Piteå–Skellefteå, Tranås and Örebro, with their admins."""
    for organization, slug, short in [
        (tenant_a, "pitea-skelleftea", "pitea"),
        (tenant_b, "tranas", "tranas"),
        (tenant_c, "orebro", "orebro"),
    ]:
        Organization.objects.filter(pk=organization.pk).update(slug=slug)
        MembershipFactory(
            organization=organization, role="admin", person__email=f"admin.{short}@example.org"
        )


@pytest.mark.django_db
class TestDemoSeed:
    def test_publishes_needs_of_several_organisations_co_signed_and_runs_once(
        self, three_demo_organisations
    ):
        first = demo.seed(log=lambda _line: None)
        again = demo.seed(log=lambda _line: None)

        # Sundsvall and Lerum are not here: their needs and co-signatures wait for them.
        assert first == {"network_needs": 4, "cosignatures": 4}
        assert again == {"network_needs": 0, "cosignatures": 0}
        assert Publication.objects.published().values("organization").distinct().count() == 3
        shared = list(selectors.shared_needs(min_organizations=3))
        assert [need.title for need in shared] == ["Ensamhet bland äldre i glesbygden"]
