"""Figures of report tables as the pages show them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from tenants.reports.tables import Suppressed

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A number with its thousands grouped, or the words that stand for a hidden figure."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=2, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return str(value)


@register.filter
def is_suppressed(value: Any) -> bool:
    return isinstance(value, Suppressed)
