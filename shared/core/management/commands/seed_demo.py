"""Create the demo organisations and people; safe to run twice."""

from django.core.management.base import BaseCommand

from shared.core import demo


class Command(BaseCommand):
    help = "Create the demo organisations of the seeds and a demo person for every role."

    def handle(self, *args, **options):
        self.stdout.write("Seeding demo data…")
        created = demo.demo_seed(log=self.stdout.write)
        summary = ", ".join(f"{n} {what}" for what, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data in place (created: {summary})."))
