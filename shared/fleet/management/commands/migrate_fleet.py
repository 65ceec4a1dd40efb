"""Migrate the shared schema, then every organisation schema, the template and the pool."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shared.fleet import migrate, pool


class Command(BaseCommand):
    # The model and database checks only, below: the full set builds the OpenAPI schema
    # (drf-spectacular's check), seconds the migrate job has no use for.
    requires_system_checks: list[str] = []
    help = (
        "Migrate the public schema, then every organisation schema (and the template and "
        "the schema pool) in parallel, each in its own transaction; then refill the pool. "
        "A failure stops at that schema; run again to continue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="Connections for organisation schemas at once "
            "(default and most: FLEET_MIGRATION_CONNECTIONS).",
        )
        parser.add_argument(
            "--schema",
            action="append",
            dest="schemas",
            help="Migrate only this organisation schema (repeatable); the public one still first.",
        )
        parser.add_argument(
            "--no-pool-fill", action="store_true", help="Leave the schema pool as it is."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("skip_checks"):
            self.check(tags=[Tags.models, Tags.database], databases=["default"])
        verbosity = int(options["verbosity"])
        processes = options["processes"] or settings.FLEET_MIGRATION_CONNECTIONS
        if processes > settings.FLEET_MIGRATION_CONNECTIONS:
            raise CommandError(
                f"--processes {processes} is over the connection budget of the migrate job "
                f"({settings.FLEET_MIGRATION_CONNECTIONS}, docs/operations.md)."
            )
        call_command(
            "migrate_schemas", shared=True, interactive=False, verbosity=max(0, verbosity - 1)
        )
        report = migrate.fleet_migrate(
            schema_names=options["schemas"],
            processes=processes,
            log=self.stdout.write if verbosity >= 2 else migrate.no_log,
        )
        if not report.ok:
            raise CommandError(report.summary())
        if verbosity >= 1:
            self.stdout.write(report.summary())
        if not options["no_pool_fill"] and not options["schemas"]:
            made = pool.schema_pool_fill()
            if verbosity >= 1 and made:
                self.stdout.write(f"Schema pool: {len(made)} schemas made ready.")
