"""Swedish organisation numbers (organisationsnummer), checked by their control digit."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_valid(digits: str) -> bool:
    """Tell whether the last digit of ``digits`` is the Luhn control digit of the others."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def control_digit(nine_digits: str) -> str:
    """The Luhn control digit that completes ``nine_digits``."""
    for candidate in "0123456789":
        if luhn_valid(nine_digits + candidate):
            return candidate
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def normalize(value: str) -> str:
    """Return ``value`` as ``NNNNNN-NNNN``, or raise ``ValidationError``.

    Legal persons have a third digit of at least 2 (municipalities: 212000-…);
    the last digit is the Luhn control digit of the other nine.
    """
    match = _PATTERN.match(value.strip().replace(" ", ""))
    if match is None:
        raise ValidationError(_("Ange organisationsnumret som tio siffror, NNNNNN-NNNN."))
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2:
        raise ValidationError(_("Det är ett personnummer, inte ett organisationsnummer."))
    if not luhn_valid(digits):
        raise ValidationError(_("Organisationsnumrets kontrollsiffra stämmer inte."))
    return f"{match.group(1)}-{match.group(2)}"


def validate(value: str) -> None:
    normalize(value)


def digits_of(value: str) -> str:
    """``212000-0563`` as ``2120000563`` (the Peppol endpoint id, scheme 0007)."""
    return value.replace("-", "")
