"""Template filters for municipalities by SCB code."""

from __future__ import annotations

from django import template

from shared.core import geography

register = template.Library()


@register.filter
def municipality_name(code: object) -> str:
    """The municipality's name for its SCB code; blank for a blank code, the code if unknown."""
    if not code:
        return ""
    known = geography.municipalities()
    return known[str(code)].name if str(code) in known else str(code)
