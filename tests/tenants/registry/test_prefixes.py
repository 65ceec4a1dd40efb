"""Registration numbers name their series: an idea's and a decision's can never be confused."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from tenants.registry import services

pytestmark = pytest.mark.django_db


class TestSeriesPrefixes:
    def test_the_same_place_in_two_series_gives_two_different_numbers(self, tenant_a: Any) -> None:
        with schema_context(tenant_a.schema_name), transaction.atomic():
            idea = services.registration_number_next(series="idea", year=2026)
            decision = services.registration_number_next(series="decision", year=2026)
            pilot = services.registration_number_next(series="partner-pilot-decision", year=2026)

        assert [idea, decision, pilot] == [
            (1, "IDE-2026-0001"),
            (1, "BES-2026-0001"),
            (1, "PIL-2026-0001"),
        ]

    def test_a_series_without_a_prefix_is_refused_before_a_number_is_taken(
        self, tenant_a: Any
    ) -> None:
        with (
            schema_context(tenant_a.schema_name),
            transaction.atomic(),
            pytest.raises(ValueError, match="SERIES_PREFIXES"),
        ):
            services.registration_number_next(series="okänd", year=2026)
