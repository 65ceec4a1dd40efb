"""CSV downloads that a spreadsheet opens without running anything."""

import csv
import datetime
import decimal
import io

import pytest

from shared.core.exports import csv_cell, csv_response


def read(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


class TestCsvCell:
    @pytest.mark.parametrize(
        "text", ["=SUM(A1)", "+46 70", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"], ids=repr
    )
    def test_puts_a_quote_before_text_a_spreadsheet_would_run_as_a_formula(self, text):
        assert csv_cell(text) == "'" + text

    def test_leaves_ordinary_text_alone_even_with_a_formula_inside(self):
        assert csv_cell("Summa: =SUM(A1)") == "Summa: =SUM(A1)"

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (-5, "-5"),
            (decimal.Decimal("-1.50"), "-1.50"),
            (None, ""),
            (True, "1"),
            (datetime.date(2026, 3, 1), "2026-03-01"),
            (["mat", "skola"], "mat, skola"),
            (["=x"], "'=x"),
        ],
        ids=repr,
    )
    def test_writes_numbers_dates_and_lists_as_they_are(self, value, expected):
        assert csv_cell(value) == expected


class TestCsvResponse:
    def test_is_a_utf8_csv_download_with_a_byte_order_mark_for_excel(self):
        response = csv_response(filename="behov.csv", header=["Rubrik"], rows=[["Åtgärd"]])

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="behov.csv"'
        assert response.content.startswith("\ufeff".encode())
        assert read(response) == [["Rubrik"], ["Åtgärd"]]

    def test_neutralises_formulas_and_escapes_nothing_into_html(self):
        response = csv_response(
            filename="x.csv", header=["=A", "B"], rows=[["=SUM(A1)", '<b>a & b</b>, "c"']]
        )

        assert read(response) == [["'=A", "B"], ["'=SUM(A1)", '<b>a & b</b>, "c"']]

    def test_names_a_file_with_swedish_letters_safely(self):
        response = csv_response(filename="behov-åäö.csv", header=[], rows=[])

        assert "filename*=utf-8''behov-%C3%A5%C3%A4%C3%B6.csv" in response["Content-Disposition"]
