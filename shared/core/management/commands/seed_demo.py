"""Create the demo organisations, people and a year of their idea locks; safe to run twice."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shared.core import demo


class Command(BaseCommand):
    help = (
        "Create the demo organisations of the seeds, a demo person for every role, and a "
        "believable year of ideas, decisions, tests and activities in each of them."
    )

    def handle(self, *args, **options):
        if not settings.IDESLUSS_DEMO_DATA:
            raise CommandError(
                "Demo data is switched off here (IDESLUSS_DEMO_DATA). It is meant for "
                "development and demos, where the demo organisations carry a banner."
            )
        self.stdout.write("Seeding demo data…")
        started = time.monotonic()
        created = demo.demo_seed(log=self.stdout.write)
        summary = ", ".join(f"{n} {what}" for what, n in created.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data in place in {time.monotonic() - started:.1f} s (created: {summary})."
            )
        )
