"""Send a task to the workers and print what they report."""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from shared.core import tasks


class Command(BaseCommand):
    help = "Check that a Celery worker answers, in the given schema (default: public)."

    def add_arguments(self, parser):
        parser.add_argument("--schema", default="public")
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args, schema: str, timeout: float, **options):
        with schema_context(schema):
            result = tasks.worker_report.delay()
        try:
            report = result.get(timeout=timeout)
        except Exception as error:
            raise CommandError(f"No worker answered within {timeout} s: {error}") from error
        for key, value in report.items():
            self.stdout.write(f"{key}: {value}")
