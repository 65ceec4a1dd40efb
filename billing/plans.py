"""The plans, defined once: yearly prices in SEK by population served, VAT on top.

``manage.py billing_sync_plans`` creates them in Stripe from this table. A
plan's Stripe id carries its price, so a new price is a new Stripe plan and
invoices already sent keep the price they were sent with.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Swedish VAT (moms) on the subscription, shown and charged on every invoice.
VAT_PERCENT = 25
CURRENCY = "sek"


@dataclass(frozen=True)
class Plan:
    """A yearly plan (abonnemangsnivå), priced in öre excluding VAT."""

    code: str
    name: Promise
    yearly_price_ore: int
    # Population served, both ends included; None for no bound.
    min_population: int | None = None
    max_population: int | None = None
    for_partners: bool = False

    @property
    def stripe_product_id(self) -> str:
        return f"idesluss-{self.code}"

    @property
    def stripe_plan_id(self) -> str:
        return f"idesluss-{self.code}-{self.yearly_price_ore}-{CURRENCY}-year"

    @property
    def vat_ore(self) -> int:
        return vat_of(self.yearly_price_ore)

    @property
    def total_ore(self) -> int:
        return self.yearly_price_ore + self.vat_ore

    def serves(self, population: int) -> bool:
        return (self.min_population is None or population >= self.min_population) and (
            self.max_population is None or population <= self.max_population
        )


PLANS: tuple[Plan, ...] = (
    Plan("small", _("Liten (upp till 15 000 invånare)"), 3_600_000, 0, 15_000),
    Plan("medium", _("Mellan (15 001–50 000 invånare)"), 7_200_000, 15_001, 50_000),
    Plan("large", _("Stor (50 001–150 000 invånare)"), 12_000_000, 50_001, 150_000),
    Plan("xlarge", _("Mycket stor (över 150 000 invånare)"), 18_000_000, 150_001, None),
    Plan("partner", _("Partner (inkubator, region, innovationsnod)"), 2_400_000, for_partners=True),
)
PLANS_BY_CODE = {plan.code: plan for plan in PLANS}


def vat_of(amount_ore: int) -> int:
    """VAT on ``amount_ore``, rounded to the öre (half up)."""
    vat = Decimal(amount_ore) * VAT_PERCENT / 100
    return int(vat.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plan_get(code: str) -> Plan:
    return PLANS_BY_CODE[code]


def plan_for(*, population: int, is_partner: bool) -> Plan:
    """The plan an organisation serving ``population`` inhabitants belongs on."""
    if is_partner:
        return PLANS_BY_CODE["partner"]
    return next(p for p in PLANS if not p.for_partners and p.serves(population))


def plan_choices() -> list[tuple[str, Promise]]:
    return [(plan.code, plan.name) for plan in PLANS]


def kronor(amount_ore: int) -> str:
    """``1234550`` öre as ``12 345,50`` (Swedish grouping, two decimals)."""
    whole, ore = divmod(amount_ore, 100)
    return f"{whole:,}".replace(",", "\u00a0") + f",{ore:02d}"
