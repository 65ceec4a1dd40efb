"""Report downloads: Excel holds the API's figures, numbers as numbers, formulas as text."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from tenants.reports import exports
from tenants.reports.tables import Report, Table
from tests.tenants.reports.conftest import EVIL_TITLE, YEAR

pytestmark = pytest.mark.django_db

EQUALITY_QUERY = f"from={YEAR}-01-01&to={YEAR}-12-31"


@pytest.fixture
def viewer_client(tenant_a, client_for, viewer):  # type: ignore[no-untyped-def]
    return client_for(tenant_a, person=viewer)


def sheets(response: Any) -> dict[str, list[list[Any]]]:
    """The values of every sheet of an xlsx response, row by row."""
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def sek(text: str | None) -> float | None:
    return None if text is None else float(Decimal(text))


class TestExcelHoldsTheFiguresOfTheApi:
    @pytest.fixture
    def api(self, viewer_client, sample) -> dict[str, Any]:  # type: ignore[no-untyped-def]
        return viewer_client.get(f"/api/v1/reports/dashboard/?year={YEAR}").json()

    def xlsx(self, client: Any, name: str) -> list[list[list[Any]]]:
        return list(sheets(client.get(f"/rapporter/{name}.xlsx?year={YEAR}")).values())

    def test_ideas_by_stage_source_and_call(self, viewer_client, api):
        ideas = api["ideas"]
        for name, key, label in [
            ("stages", "by_stage", "name"),
            ("sources", "by_source", "label"),
            ("calls", "by_call", "title"),
        ]:
            [rows] = self.xlsx(viewer_client, name)
            assert rows[1:] == [
                *([entry[label], entry["ideas"]] for entry in ideas[key]),
                ["Totalt", ideas["total"]],
            ]
        assert ideas["total"] == 16

    def test_lead_times(self, viewer_client, api):
        [rows] = self.xlsx(viewer_client, "lead-times")

        assert rows[1:] == [
            [t["from_stage_name"], t["to_stage_name"], t["moves"], t["median_days"], t["p90_days"]]
            for t in api["lead_times"]
        ]
        assert rows[1] == ["Inkommen", "Beredning", 6, 4.0, 4.0]

    def test_decisions_and_budget(self, viewer_client, api):
        by_kind, budget = self.xlsx(viewer_client, "decisions")

        decisions = api["decisions"]
        assert by_kind[1:] == [
            *([d["label"], d["decisions"], sek(d["granted_sek"])] for d in decisions["by_kind"]),
            ["Totalt", decisions["total"], sek(decisions["granted_sek"])],
        ]
        b = decisions["budget"]
        assert budget[1:] == [
            [
                b["year"],
                sek(b["budget_sek"]),
                sek(b["granted_sek"]),
                b["decisions"],
                sek(b["remaining_sek"]),
            ]
        ]
        assert budget[1] == [YEAR, 100_000, 6 * 2500.50 + 10_000, 7, 100_000 - 25_003]

    def test_trials_and_evaluations(self, viewer_client, api):
        by_status, evaluations = self.xlsx(viewer_client, "trials")

        trials = api["trials"]
        assert by_status[1:] == [
            [t["label"], t["tests"], t["pilots"], t["total"]]
            for t in [*trials["by_status"], trials["total"]]
        ]
        assert evaluations[1:] == [[e["label"], e["evaluations"]] for e in trials["evaluations"]]

    def test_activities_and_managers_trained(self, viewer_client, api):
        by_kind, managers = self.xlsx(viewer_client, "activities")

        activities = api["activities"]
        assert by_kind[1:] == [
            [
                a["label"],
                a["activities"],
                a["attended_participants"],
                a["head_count"],
                a["participants"],
            ]
            for a in [*activities["by_kind"], activities["total"]]
        ]
        assert managers[1:] == [["Chefer som deltagit i en utbildning", 2]]
        assert activities["managers_trained"] == 2

    def test_equality(self, viewer_client, sample):
        api = viewer_client.get(f"/api/v1/reports/equality/?{EQUALITY_QUERY}").json()
        [rows] = sheets(viewer_client.get(f"/rapporter/equality.xlsx?{EQUALITY_QUERY}")).values()

        def shown(cell: dict[str, Any]) -> Any:
            if not cell["suppressed"]:
                return cell["value"]
            return "färre än 5" if cell["reason"] == "small" else "dolt"

        expected = []
        for split, split_label in [("by_gender", "Kön"), ("by_audience", "Kommer från")]:
            data = api[split]
            for n in [*range(len(data["groups"])), None]:
                values: list[Any] = []
                for row in data["rows"]:
                    cell = row["total"] if n is None else row["groups"][n]
                    values.append(shown(cell))
                    if row["step"] == "funded":
                        amount = row["total_granted_sek"] if n is None else cell["granted_sek"]
                        values.append(shown(cell) if cell["suppressed"] else sek(amount))
                label = "Totalt" if n is None else data["rows"][0]["groups"][n]["label"]
                expected.append([split_label, label, *values])
        assert rows[1:] == expected
        assert rows[0] == [
            "Uppdelning",
            "Grupp",
            "Inlämnade",
            "Coachade",
            "Beslutade i idérådet",
            "Finansierade",
            "Beviljat (kr)",
            "Testade",
            "Införda",
        ]
        men = next(row for row in rows if row[:2] == ["Kön", "Man"])
        assert men[2] == "färre än 5"
        assert 3 not in men


class TestFormulaCells:
    def test_csv_neutralises_a_call_titled_as_a_formula(self, viewer_client, sample):
        rows = csv_rows(viewer_client.get(f"/rapporter/calls.csv?year={YEAR}"))

        titles = [row[0] for row in rows]
        assert "'" + EVIL_TITLE in titles
        assert EVIL_TITLE not in titles

    def test_excel_stores_the_formula_as_text(self, viewer_client, sample):
        response = viewer_client.get(f"/rapporter/calls.xlsx?year={YEAR}")

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        [cell] = [c for row in sheet.iter_rows() for c in row if c.value == EVIL_TITLE]
        assert cell.data_type == "s"
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml


class TestExcelLayout:
    def test_numbers_are_numbers_text_is_text_the_header_bold_and_columns_wide_enough(self):
        report = Report(
            name="test",
            title="Test",
            description="",
            tables=(
                Table(
                    title="Beslut per typ",
                    header=("Beslut", "Antal", "Beviljat (kr)"),
                    rows=(("Finansiera test", 3, Decimal("12345.50")), ("-1", 0, Decimal(0))),
                    totals=("Totalt", 3, Decimal("12345.50")),
                ),
            ),
        )

        workbook = load_workbook(io.BytesIO(exports.xlsx_bytes(report)))

        sheet = workbook["Beslut per typ"]
        assert [c.font.bold for c in sheet[1]] == [True, True, True]
        assert sheet["B2"].value == 3
        assert sheet["B2"].data_type == "n"
        assert sheet["C2"].value == 12345.5
        assert sheet["C2"].number_format == "#,##0.00"
        assert sheet["A3"].value == "-1"
        assert sheet["A3"].data_type == "s"
        assert sheet["A4"].font.bold
        assert sheet.column_dimensions["A"].width >= len("Finansiera test")
        assert sheet.column_dimensions["C"].width >= len("12,345.50")
        assert sheet.freeze_panes == "A2"

    def test_sheet_names_are_ones_excel_accepts(self):
        long_title = "Utvärderingar: per [rekommendation]/år och mer text"
        report = Report(
            name="test",
            title="Test",
            description="",
            tables=(
                Table(title=long_title, header=("A",), rows=()),
                Table(title=long_title, header=("A",), rows=()),
            ),
        )

        names = load_workbook(io.BytesIO(exports.xlsx_bytes(report))).sheetnames

        assert len(names) == 2
        assert len(set(names)) == 2
        assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)


class TestCsvLayout:
    def test_further_tables_follow_after_a_blank_line_and_their_title(self, viewer_client, sample):
        rows = csv_rows(viewer_client.get(f"/rapporter/trials.csv?year={YEAR}"))

        assert rows[0] == ["Status", "Tester", "Piloter", "Totalt"]
        blank = rows.index([])
        assert rows[blank + 1] == ["Utvärderingar per rekommendation"]
        assert rows[blank + 2] == ["Rekommendation", "Utvärderingar"]
        assert rows[blank + 3] == ["Inför", "1"]

    def test_suppressed_cells_stay_suppressed(self, viewer_client, sample):
        rows = csv_rows(viewer_client.get(f"/rapporter/equality.csv?{EQUALITY_QUERY}"))

        men = next(row for row in rows if row[:2] == ["Kön", "Man"])
        assert men[2] == "färre än 5"
        assert "3" not in men
        women = next(row for row in rows if row[:2] == ["Kön", "Kvinna"])
        assert women[2] == "7"
        assert women[5:7] == ["dolt", "dolt"]  # funded and its SEK, hidden by the second rule

    def test_files_are_named_by_report_and_period(self, viewer_client, sample):
        response = viewer_client.get(f"/rapporter/equality.csv?{EQUALITY_QUERY}")

        assert f"equality-{YEAR}-01-01-{YEAR}-12-31.csv" in response["Content-Disposition"]
        response = viewer_client.get(f"/rapporter/stages.xlsx?year={YEAR}")
        assert f"stages-{YEAR}-01-01-{YEAR}-12-31.xlsx" in response["Content-Disposition"]
