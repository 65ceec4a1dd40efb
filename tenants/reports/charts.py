"""Horizontal bar charts drawn as inline SVG, from a report table's rows.

Geometry is computed here and handed to the template as strings with a dot
as decimal separator, so Swedish number formatting never reaches an SVG
attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

from tenants.reports.tables import Table

WIDTH = 640
LABEL_WIDTH = 230
VALUE_SPACE = 80
ROW_HEIGHT = 28
BAR_HEIGHT = 18
MAX_LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value_text: str
    y: str  # top of the row
    text_y: str  # baseline of the row's texts
    bar_y: str
    width: str
    value_x: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int
    bars: tuple[Bar, ...]


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return 0.0
    return float(value) if isinstance(value, int | float | Decimal) else 0.0


def _text(value: Any) -> str:
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return str(value)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart(table: Table) -> BarChart | None:
    """A chart of ``table.chart_column`` against each row's first column(s), or None."""
    if table.chart_column is None:
        return None
    column = table.chart_column
    values = [_number(row[column]) for row in table.rows]
    largest = max(values, default=0.0) or 1.0
    scale = (WIDTH - LABEL_WIDTH - VALUE_SPACE) / largest
    bars = []
    for n, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        label = " → ".join(str(name) for name in row[: table.label_columns])
        top = n * ROW_HEIGHT
        width = value * scale
        bars.append(
            Bar(
                label=_short(label),
                full_label=label,
                value_text=_text(row[column]),
                y=str(top),
                text_y=str(top + ROW_HEIGHT - 9),
                bar_y=str(top + (ROW_HEIGHT - BAR_HEIGHT) // 2),
                width=f"{width:.1f}",
                value_x=f"{LABEL_WIDTH + width + 6:.1f}",
            )
        )
    return BarChart(
        width=WIDTH,
        height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT),
        label_x=LABEL_WIDTH - 8,
        bar_x=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )
