"""Money and invoice status as the billing pages show them."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from billing import plans

register = template.Library()

INVOICE_STATUS = {
    "draft": _("Utkast"),
    "open": _("Obetald"),
    "paid": _("Betald"),
    "void": _("Makulerad"),
    "uncollectible": _("Oindrivbar"),
}


@register.filter
def kronor(amount_ore: int | None) -> str:
    return plans.kronor(int(amount_ore or 0))


@register.filter
def invoice_status(status: str) -> str:
    return str(INVOICE_STATUS.get(status, status))
