"""The demo shows a proven idea from Lerum adopted by Tranås, its evaluation flowing back."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from network.adoptions.models import Adoption, EvidenceReport
from network.exchange.models import Publication
from shared.organizations.models import Organization
from tenants.adopted import demo
from tenants.adopted.models import Provenance
from tests.factories import MembershipFactory


@pytest.fixture
def lerum_and_tranas(tenant_a, tenant_b):
    """The session schemas stand in for Lerum and Tranås, with the demo's two people."""
    Organization.objects.filter(pk=tenant_a.pk).update(slug="lerum")
    Organization.objects.filter(pk=tenant_b.pk).update(slug="tranas")
    MembershipFactory(organization=tenant_a, role="admin", person__email="admin.lerum@example.org")
    MembershipFactory(organization=tenant_b, role="coach", person__email="coach.tranas@example.org")
    return tenant_a, tenant_b


@pytest.mark.django_db
class TestDemoSeed:
    def test_lerums_idea_is_adopted_by_tranas_and_its_evaluation_flows_back(self, lerum_and_tranas):
        lerum, tranas = lerum_and_tranas

        first = demo.seed(log=lambda _line: None)
        again = demo.seed(log=lambda _line: None)

        assert first == {"published": 1, "adopted": 1, "evaluations_back": 1}
        assert again == {"published": 0, "adopted": 0, "evaluations_back": 0}
        item = Publication.objects.get(organization=lerum, title=demo.TITLE)
        assert item.evidence
        assert Adoption.objects.get(publication=item).organization_id == tranas.pk
        report = EvidenceReport.objects.get(publication=item)
        assert report.organization_id == tranas.pk
        assert report.recommendation == "implement"
        with tenant_context(tranas):
            assert Provenance.objects.get().origin_organization_id == lerum.pk
