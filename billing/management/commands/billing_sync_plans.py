"""Create in Stripe every plan of billing/plans.py, and the 25 % VAT rate."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from billing import plans, stripe_client


class Command(BaseCommand):
    help = "Create or update the plans (billing/plans.py) and the VAT rate in Stripe."

    def handle(self, *args: Any, **options: Any) -> None:
        if not stripe_client.is_configured():
            raise CommandError("STRIPE_SECRET_KEY is not set: there is no Stripe to sync to.")
        tax_rate = stripe_client.tax_rate_ensure()
        self.stdout.write(f"VAT {plans.VAT_PERCENT} %: {tax_rate}")
        for plan in plans.PLANS:
            plan_id = stripe_client.plan_ensure(plan=plan)
            self.stdout.write(f"{plan_id}: {plans.kronor(plan.yearly_price_ore)} kr/år exkl. moms")
