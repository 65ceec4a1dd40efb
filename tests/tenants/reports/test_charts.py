"""Bar charts keep every label and value inside the chart."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tenants.reports import charts
from tenants.reports.tables import Table

LONG = "Utan utlysning (öppet inflöde) och med ett mycket långt namn på en utlysning"


def chart_of(rows, label_columns: int = 1) -> charts.BarChart:
    table = Table(
        title="T",
        header=tuple(f"k{n}" for n in range(len(rows[0]))),
        rows=tuple(rows),
        chart_column=len(rows[0]) - 1,
        label_columns=label_columns,
    )
    chart = charts.bar_chart(table)
    assert chart is not None
    return chart


class TestBarChart:
    @pytest.mark.parametrize(
        "rows",
        [
            [("Inkommen", 3), ("Beredning", 120)],
            [(LONG, 7), ("Kort", 1)],
            [("Förädling", "Test", 12), ("Test", "Utvärdering", 4)],
            [("Finansiera test", Decimal("1250000.50")), (LONG, Decimal("0"))],
        ],
        ids=["short", "long label", "two label columns", "large amounts"],
    )
    def test_every_label_and_value_fits_inside_the_chart(self, rows):
        chart = chart_of(rows, label_columns=len(rows[0]) - 1)

        for bar in chart.bars:
            assert charts.text_width(bar.label) <= chart.label_x
            right_edge = float(bar.value_x) + charts.text_width(bar.value_text)
            assert right_edge <= chart.width

    def test_a_shortened_label_keeps_its_full_text_for_the_title(self):
        chart = chart_of([(LONG, 7)])

        [bar] = chart.bars
        assert bar.label.endswith("…")
        assert bar.full_label == LONG

    def test_short_labels_leave_the_room_to_the_bars(self):
        chart = chart_of([("A", 1), ("B", 2)])

        assert chart.bar_x < 100
