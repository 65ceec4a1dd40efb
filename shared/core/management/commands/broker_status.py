"""Print the broker's state for monitoring (what ``/healthz/broker`` answers) as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from shared.core import health


class Command(BaseCommand):
    help = (
        "Print the broker, the workers answering, each queue's waiting tasks and lag, and "
        "unconfirmed mails, as JSON; fail when the broker is down, no worker answers, or "
        "a queue's oldest task has waited longer than --max-lag seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-lag", type=float, default=None)

    def handle(self, *args, max_lag: float | None, **options):
        report = health.broker_report()
        self.stdout.write(json.dumps(report, indent=2, sort_keys=True))
        if report["status"] == "unavailable":
            raise CommandError("The broker is down or no worker answers.")
        if max_lag is not None:
            late = {
                name: queue["lag_seconds"]
                for name, queue in report["queues"].items()
                if (queue["lag_seconds"] or 0) > max_lag
            }
            if late:
                raise CommandError(f"Tasks wait longer than {max_lag} s: {late}")
