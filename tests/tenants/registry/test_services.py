"""Registration numbers per series and year, handed out in the caller's transaction."""

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization
from tenants.registry import services
from tenants.registry.models import RegistrationCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    with tenant_context(tenant_a):
        yield tenant_a


class TestRegistrationNumberNext:
    def test_each_series_counts_on_its_own_within_a_year(self, in_tenant_a):
        numbers = [
            services.registration_number_next(series=series, year=2026)
            for series in ("idea", "decision", "idea", "decision", "decision")
        ]

        # The text form ends in year and number, whatever prefix names the series.
        assert [(n, text[-9:]) for n, text in numbers] == [
            (1, "2026-0001"),
            (1, "2026-0001"),
            (2, "2026-0002"),
            (2, "2026-0002"),
            (3, "2026-0003"),
        ]
        assert dict(RegistrationCounter.objects.values_list("series", "last_number")) == {
            "idea": 2,
            "decision": 3,
        }

    def test_each_year_counts_on_its_own(self, in_tenant_a):
        services.registration_number_next(series="idea", year=2025)

        sequence, text = services.registration_number_next(series="idea", year=2026)

        assert (sequence, text[-9:]) == (1, "2026-0001")

    def test_refuses_to_run_outside_a_transaction_and_says_why(self, in_tenant_a, monkeypatch):
        # The test itself runs in a transaction; the service is told it does not.
        monkeypatch.setattr(
            services.transaction, "get_connection", lambda: SimpleNamespace(in_atomic_block=False)
        )

        with pytest.raises(RuntimeError, match="inside the caller's transaction"):
            services.registration_number_next(series="idea", year=2026)

        monkeypatch.undo()
        assert not RegistrationCounter.objects.exists()
