"""Template filters of the idea council."""

from __future__ import annotations

from decimal import Decimal

from django import template

from tenants.council import money

register = template.Library()


@register.filter
def sek(amount: Decimal | None) -> str:
    """An amount in SEK for people: ``{{ decision.amount_granted_sek|sek }}`` → "150 000 kr"."""
    return "" if amount is None else money.format_sek(amount)
