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
ROW_HEIGHT = 28
BAR_HEIGHT = 18
# Widest a character of the 13 px label font gets on average (Swedish text, digits,
# capitals): generous, so that a label measured with it always fits its room.
CHAR_WIDTH = 7.6
LABEL_PADDING = 8
MIN_LABEL_WIDTH = 80
MAX_LABEL_WIDTH = 300
MIN_BAR_SPACE = 160


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


def text_width(text: str) -> float:
    """The room ``text`` takes in the chart's label font, at most (see CHAR_WIDTH)."""
    return len(text) * CHAR_WIDTH


def _short(label: str, max_chars: int) -> str:
    return label if len(label) <= max_chars else label[: max_chars - 1] + "…"


def bar_chart(table: Table) -> BarChart | None:
    """A chart of ``table.chart_column`` against each row's first column(s), or None."""
    if table.chart_column is None:
        return None
    column = table.chart_column
    values = [_number(row[column]) for row in table.rows]
    labels = [" → ".join(str(name) for name in row[: table.label_columns]) for row in table.rows]
    value_texts = [_text(row[column]) for row in table.rows]
    # The labels get the room their longest one needs, within bounds; a longer
    # one is shortened (its full text is the bar's title). The values get the room
    # their longest text needs, so neither is ever cut off by the edge of the chart.
    value_space = max((text_width(text) for text in value_texts), default=0.0) + 2 * LABEL_PADDING
    label_room = min(
        MAX_LABEL_WIDTH,
        WIDTH - MIN_BAR_SPACE - value_space,
        max((text_width(label) for label in labels), default=0.0) + 2 * LABEL_PADDING,
    )
    label_width = int(max(MIN_LABEL_WIDTH, label_room))
    max_chars = max(4, int((label_width - 2 * LABEL_PADDING) // CHAR_WIDTH))
    largest = max(values, default=0.0) or 1.0
    scale = (WIDTH - label_width - value_space) / largest
    bars = []
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        top = n * ROW_HEIGHT
        width = value * scale
        bars.append(
            Bar(
                label=_short(label, max_chars),
                full_label=label,
                value_text=value_texts[n],
                y=str(top),
                text_y=str(top + ROW_HEIGHT - 9),
                bar_y=str(top + (ROW_HEIGHT - BAR_HEIGHT) // 2),
                width=f"{width:.1f}",
                value_x=f"{label_width + width + LABEL_PADDING:.1f}",
            )
        )
    return BarChart(
        width=WIDTH,
        height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT),
        label_x=label_width - LABEL_PADDING,
        bar_x=label_width,
        bar_height=BAR_HEIGHT,
        bars=tuple(bars),
    )
