"""Settings of bench/migrate_fleet.py: local ones, the registry app's migrations from bench/."""

from config.settings.local import *  # noqa: F403

MIGRATION_MODULES = {"registry": "fleet_migrations"}
