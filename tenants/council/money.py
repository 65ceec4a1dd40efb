"""Amounts in SEK: read exactly (never through float) and written the Swedish way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shared.core import bounds

ONE_ORE = Decimal("0.01")
MAX_SEK = bounds.MAX_AMOUNT


class MoneyError(ValueError):
    """An amount that is not a valid, exact sum in SEK; the message is for the user."""


def parse_sek(value: object) -> Decimal:
    """Return ``value`` as a Decimal of kronor with two decimals, or raise ``MoneyError``.

    Accepts a Decimal, an int or a decimal string ("150000", "150000.50"). A
    float is refused outright: 0.1 + 0.2 is not 0.3, and public money is counted
    to the öre.
    """
    if isinstance(value, float):
        raise MoneyError(_("Ange beloppet som ett exakt decimaltal, inte som flyttal."))
    if isinstance(value, bool):
        raise MoneyError(_("Ange ett belopp i kronor."))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation as error:
            raise MoneyError(_("Ange ett belopp i kronor, till exempel 150000.")) from error
    else:
        raise MoneyError(_("Ange ett belopp i kronor."))
    if not amount.is_finite():
        raise MoneyError(_("Ange ett belopp i kronor, till exempel 150000."))
    if amount < 0:
        raise MoneyError(_("Beloppet kan inte vara negativt."))
    # Before quantize: 1E+30 has more digits than Decimal's context holds.
    if amount > MAX_SEK:
        raise MoneyError(_("Beloppet är för stort."))
    if amount != amount.quantize(ONE_ORE):
        raise MoneyError(_("Ange beloppet med högst två decimaler (ören)."))
    return amount.quantize(ONE_ORE)


def format_sek(amount: Decimal) -> str:
    """Write ``amount`` for people: "150 000 kr" (Swedish), "SEK 150,000" (English).

    Öre are shown only when there are any: "150 000,50 kr".
    """
    text = f"{amount.quantize(ONE_ORE):,.2f}"
    whole, cents = text.split(".")
    if (get_language() or "sv").startswith("en"):
        return f"SEK {whole}" if cents == "00" else f"SEK {whole}.{cents}"
    whole = whole.replace(",", " ")
    return f"{whole} kr" if cents == "00" else f"{whole},{cents} kr"
