"""Names for the codes a publication carries: county and municipalities (SCB codes)."""

from __future__ import annotations

from django import template

from shared.core import geography

register = template.Library()


@register.filter
def county_name(code: str) -> str:
    """The county's name for its two-digit code, or the code if unknown."""
    county = geography.counties().get(code or "")
    return county.name if county else (code or "")


@register.filter
def municipality_names(codes: list[str]) -> str:
    """The municipalities' names for their codes, comma separated."""
    known = geography.municipalities()
    return ", ".join(known[code].name if code in known else code for code in codes or [])
