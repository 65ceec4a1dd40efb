"""In a group of municipalities every report can be narrowed to one municipality's share."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.activities import services as activity_services
from tenants.reports import selectors
from tests.factories import make_idea

pytestmark = pytest.mark.django_db

MULLSJO, HABO = "0642", "0643"  # the session group beta serves both
TODAY = timezone.localdate()


@pytest.fixture
def shared_lock(tenant_b):
    """Beta's lock: three ideas from Mullsjö, one from Habo, one not stated; a training each."""
    with tenant_context(tenant_b):
        for n in range(3):
            make_idea(title=f"Mullsjö {n}", municipality_code=MULLSJO)
        make_idea(title="Habo", municipality_code=HABO)
        make_idea(title="Okänd")
        for code, managers in ((MULLSJO, 4), (HABO, 7)):
            activity_services.activity_create(
                kind="training",
                title=f"Innovativ chef {code}",
                held_on=TODAY,
                head_count=10,
                head_count_managers=managers,
                municipality_code=code,
                by=None,
            )
    return tenant_b


class TestDashboardByMunicipality:
    def test_each_municipality_sees_its_own_share(self, shared_lock):
        with tenant_context(shared_lock):
            everything = selectors.dashboard()
            mullsjo = selectors.dashboard(municipality_code=MULLSJO)
            habo = selectors.dashboard(municipality_code=HABO)

        assert (everything.ideas_total, mullsjo.ideas_total, habo.ideas_total) == (5, 3, 1)
        assert (everything.managers_trained, mullsjo.managers_trained) == (11, 4)
        assert [(m.name, m.ideas) for m in everything.municipalities] == [
            ("Mullsjö", 3),
            ("Habo", 1),
            ("Ingen kommun angiven", 1),
        ]

    def test_the_equality_funnel_follows_one_municipalitys_ideas(self, shared_lock):
        with tenant_context(shared_lock):
            everything, mullsjo = (
                selectors.equality_funnel(
                    period_from=TODAY, period_to=TODAY, min_group=1, municipality_code=code
                )
                for code in (None, MULLSJO)
            )

        assert everything.by_audience.rows[0].total.value == 5
        assert mullsjo.by_audience.rows[0].total.value == 3

    def test_the_page_and_its_downloads_are_narrowed_by_the_chosen_municipality(
        self, shared_lock, member_of, client_for
    ):
        page = client_for(shared_lock, person=member_of(shared_lock, "admin"))

        body = page.get(reverse("reports"), {"municipality": HABO}).content.decode()
        download = page.get(reverse("reports-csv", args=["stages"]), {"municipality": HABO})
        rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))

        assert "Siffrorna gäller Habo." in body
        assert 'name="municipality"' in body
        assert "habo" in download["Content-Disposition"]
        assert rows[-1] == ["Totalt", "1"]

    def test_a_single_municipality_has_no_municipality_filter(
        self, tenant_a, member_of, client_for
    ):
        page = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        assert 'name="municipality"' not in page.get(reverse("reports")).content.decode()
