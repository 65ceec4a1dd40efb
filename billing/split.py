"""A group's subscription split between its member municipalities, to the öre."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def by_weights(
    *, total_ore: int, weights: Mapping[str, Fraction | int | Decimal]
) -> dict[str, int]:
    """Split ``total_ore`` in proportion to ``weights``; the parts add up to it exactly.

    Largest remainder: each part is rounded down, and the öre left over go one
    each to the largest remainders (ties to the first key in order).
    """
    if not weights:
        return {}
    exact = {key: Fraction(weight) for key, weight in weights.items()}
    whole = sum(exact.values())
    if whole <= 0 or any(weight < 0 for weight in exact.values()):
        raise ValidationError(_("Andelarna måste vara positiva."))
    quotas = {key: total_ore * weight / whole for key, weight in exact.items()}
    parts = {key: int(quota) for key, quota in quotas.items()}
    left = total_ore - sum(parts.values())
    order = sorted(quotas, key=lambda key: (-(quotas[key] - parts[key]), key))
    for key in order[:left]:
        parts[key] += 1
    return parts


def custom_weights_valid(percentages: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """Custom shares in percent, each positive, adding up to 100."""
    values = dict(percentages)
    if any(value is None or value <= 0 for value in values.values()):
        raise ValidationError(_("Ange en andel större än noll för varje kommun."))
    total = sum(value for value in values.values() if value is not None)
    if total != Decimal(100):
        raise ValidationError(
            _("Andelarna ska bli 100 procent tillsammans, nu blir de %(total)s.") % {"total": total}
        )
    return {key: value for key, value in values.items() if value is not None}
