"""The register (diarium) of a period: on the page, as CSV and as Excel, for the archive."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from tenants.registry import selectors, services
from tests.tenants.council import make as council_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(tenant_a: Any, member_of: Any) -> dict[str, Any]:
    admin = member_of(tenant_a, "admin")
    with schema_context(tenant_a.schema_name):
        idea = council_make.idea_in("screening", admin, title="Solceller på förskolan")
        decision = council_make.decide(admin, council_make.item(admin, idea=idea))
    connection.set_schema_to_public()
    return {"admin": admin, "idea": idea, "decision": decision}


def _period() -> str:
    today = timezone.localdate()
    return f"period_from={today.replace(month=1, day=1).isoformat()}&period_to={today.isoformat()}"


class TestRegisterSeries:
    def test_every_series_has_a_readable_name(self) -> None:
        assert set(selectors.series_names()) == set(services.SERIES_PREFIXES)


class TestRegisterPage:
    def test_lists_ideas_and_decisions_by_their_prefixed_numbers(
        self, tenant_a: Any, registered: dict[str, Any], client_for: Any
    ) -> None:
        page = client_for(tenant_a, person=registered["admin"]).get(f"/diarium/?{_period()}")

        text = page.content.decode()
        idea_number = registered["idea"].registration_number
        decision_number = registered["decision"].registration_number
        assert idea_number.startswith("IDE-")
        assert decision_number.startswith("BES-")
        assert idea_number in text
        assert decision_number in text
        assert "Solceller på förskolan" in text
        assert "js/print.js" in text

    def test_shows_this_year_when_no_period_is_given(
        self, tenant_a: Any, registered: dict[str, Any], client_for: Any
    ) -> None:
        page = client_for(tenant_a, person=registered["admin"]).get("/diarium/")

        assert registered["decision"].registration_number in page.content.decode()

    def test_refuses_a_period_that_ends_before_it_starts(
        self, tenant_a: Any, registered: dict[str, Any], client_for: Any
    ) -> None:
        response = client_for(tenant_a, person=registered["admin"]).get(
            "/diarium/?period_from=2026-05-01&period_to=2026-04-01"
        )

        assert response.status_code == 400
        assert "Perioden slutar innan den börjar." in response.content.decode()

    def test_leaves_out_what_was_registered_outside_the_period(
        self, tenant_a: Any, registered: dict[str, Any], client_for: Any
    ) -> None:
        page = client_for(tenant_a, person=registered["admin"]).get(
            "/diarium/?period_from=2001-01-01&period_to=2001-12-31"
        )

        assert registered["idea"].registration_number not in page.content.decode()


class TestRegisterDownloads:
    def test_csv_holds_every_entry_with_what_it_concerns(
        self, tenant_a: Any, registered: dict[str, Any], client_for: Any
    ) -> None:
        response = client_for(tenant_a, person=registered["admin"]).get(
            f"/diarium/export.csv?{_period()}"
        )

        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("Diarienummer;Serie;Registrerad")
        decision_line = next(line for line in lines if line.startswith("BES-"))
        assert registered["idea"].registration_number in decision_line

    def test_excel_holds_the_same_rows(
        self, tenant_a: Any, registered: dict[str, Any], client_for: Any
    ) -> None:
        response = client_for(tenant_a, person=registered["admin"]).get(
            f"/diarium/export.xlsx?{_period()}"
        )

        sheet = load_workbook(io.BytesIO(response.content)).active
        numbers = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert numbers == [
            registered["idea"].registration_number,
            registered["decision"].registration_number,
        ]

    def test_is_for_members_who_read_reports(self, tenant_a: Any, client_for: Any) -> None:
        assert client_for(tenant_a).get("/diarium/export.csv").status_code == 302
