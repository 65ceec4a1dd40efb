"""Peer benchmarking in an organisation's own reports: medians and percentiles, nobody named."""

from __future__ import annotations

import datetime
import statistics

import pytest
from django.utils import timezone

from network.figures import dimensions as d
from network.figures import selectors
from network.figures.models import OrganizationMonthCount
from shared.core.models import AuditEntry
from shared.organizations.models import Organization


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def peers(tenant_a):  # type: ignore[no-untyped-def]
    """Six more municipalities of Alfa's size and county, with 10, 20, … 60 ideas this month."""
    made = []
    for n in range(6):
        organization = Organization.objects.create(
            schema_name=f"peer{n}",
            name=f"Jämförelsekommun {n}",
            slug=f"peer{n}",
            kind="municipality",
            county_code=tenant_a.county_code,
            population=tenant_a.population,
            status="active",
        )
        OrganizationMonthCount.objects.create(
            organization=organization,
            month=this_month(),
            dimension=d.IDEAS_RECEIVED,
            value=10 * (n + 1),
        )
        made.append(organization)
    OrganizationMonthCount.objects.create(
        organization=tenant_a, month=this_month(), dimension=d.IDEAS_RECEIVED, value=45
    )
    return made


class TestPeerBenchmark:
    def test_gives_medians_and_our_percentile_in_each_group(self, tenant_a, peers):  # type: ignore[no-untyped-def]
        scope = selectors.Scope(month_from=this_month(), month_to=this_month())
        found = selectors.peer_benchmark(organization=tenant_a, scope=scope)
        ideas = next(b for b in found.benchmarks if b.indicator == "ideas_per_10k")
        per_10k = tenant_a.population / 10_000
        # The county's other session organisations received no ideas this month.
        others = Organization.objects.tenants().filter(county_code=tenant_a.county_code)
        county = sorted([45, *(10 * (n + 1) for n in range(6))] + [0] * (others.count() - 7))
        assert ideas.own == pytest.approx(45 / per_10k)
        assert ideas.county_median == pytest.approx(statistics.median(county) / per_10k)
        at_or_below = sum(1 for value in county if value <= 45)
        assert ideas.county_percentile == round(100 * at_or_below / len(county))

    def test_shows_no_median_for_a_group_smaller_than_five(self, tenant_a):  # type: ignore[no-untyped-def]
        found = selectors.peer_benchmark(organization=tenant_a, scope=selectors.Scope())
        assert all(b.county_median is None for b in found.benchmarks)


class TestThePeerPage:
    def test_shows_our_figures_and_names_no_other_organisation(
        self, tenant_a, peers, member_of, client_for
    ):  # type: ignore[no-untyped-def]
        viewer = member_of(tenant_a, "viewer")
        response = client_for(tenant_a, person=viewer).get("/rapporter/jamforelse/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Jämförelsekommun" not in body
        assert "Median i landet" in body
        assert 'name="named"' not in body  # only admins choose

    def test_lets_the_admin_stop_being_named(self, tenant_a, member_of, client_for):  # type: ignore[no-untyped-def]
        admin = member_of(tenant_a, "admin")
        client = client_for(tenant_a, person=admin)
        assert 'name="named"' in client.get("/rapporter/jamforelse/").content.decode()
        response = client.post("/rapporter/jamforelse/", {"named": "no"})
        assert response.status_code == 302
        tenant_a.refresh_from_db()
        assert tenant_a.is_named_in_figures is False
        assert AuditEntry.objects.filter(action="organization.figures_naming_set").exists()

    def test_refuses_the_choice_to_others_than_admins(self, tenant_a, member_of, client_for):  # type: ignore[no-untyped-def]
        coach = member_of(tenant_a, "coach")
        response = client_for(tenant_a, person=coach).post(
            "/rapporter/jamforelse/", {"named": "no"}
        )
        assert response.status_code == 403
        tenant_a.refresh_from_db()
        assert tenant_a.is_named_in_figures is True


class TestTheOrganisationTable:
    def test_names_only_organisations_that_agreed(self, tenant_a, tenant_b, peers):  # type: ignore[no-untyped-def]
        Organization.objects.filter(pk=peers[0].pk).update(figures_named=False)
        Organization.objects.filter(pk=peers[1].pk).update(figures_named=False)
        found = selectors.organization_table(selectors.Scope())
        names = [o.name for o in found.named]
        assert "Jämförelsekommun 0" not in names
        assert "Jämförelsekommun 2" in names
        assert found.unnamed_count == 2
        assert found.unnamed is not None
        assert found.unnamed.ideas_received == 30
        assert found.total.ideas_received == sum(10 * (n + 1) for n in range(6)) + 45


class TestTheReportForOneOrganisation:
    def test_is_given_for_a_named_organisation_and_refused_for_another(self, tenant_a, tenant_b):  # type: ignore[no-untyped-def]
        from django.test import Client

        from tests import factories

        Organization.objects.filter(pk=tenant_b.pk).update(figures_named=False)
        client = Client(HTTP_HOST="localhost")
        client.force_login(factories.PersonFactory(platform_role="national_coordinator"))
        named = client.get("/statistik/rapport/", {"organisation": tenant_a.slug})
        assert named.status_code == 200
        assert tenant_a.name in named.content.decode()
        unnamed = client.get("/statistik/rapport/", {"organisation": tenant_b.slug})
        assert unnamed.status_code == 400
        assert tenant_b.name not in unnamed.content.decode()
        api = client.get("/api/v1/figures/national/", {"organisation": tenant_b.slug})
        assert api.status_code == 400
