"""The figures demo counts every organisation, and counting again changes nothing."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from network.figures import counting, demo
from network.figures.models import NATIONAL
from tests.network.figures import make
from tests.network.figures.conftest import area_rows, kept, summed


class TestFiguresDemo:
    def test_counts_every_organisation_once_and_again_changes_nothing(
        self, tenant_a, tenant_b, tenant_c
    ):  # type: ignore[no-untyped-def]
        admin = make.admin_of(tenant_b)
        with tenant_context(tenant_b):
            make.submit(by=admin, audience="business")
        assert demo.seed(log=lambda *_: None)["figures_organizations"] >= 1
        first = kept(tenant_b)
        assert first == counting.organization_figures(organization=tenant_b)
        assert area_rows(NATIONAL) == summed([tenant_a, tenant_b, tenant_c])
        assert demo.seed(log=lambda *_: None) == {"figures_organizations": 0}
        assert kept(tenant_b) == first
