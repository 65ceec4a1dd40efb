"""The fleet migration makes what migrate_schemas makes, stops at a failure and resumes."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_context

from shared.fleet import migrate, pool
from shared.fleet.models import PooledSchema
from shared.organizations import schemas
from tests.shared.organizations.test_schemas import structure_of

PROBE = ("registry", "0002_fleet_probe")
SCHEMAS = ["fleet_a", "fleet_b", "fleet_c"]


@pytest.fixture
def fleet(transactional_db, settings):  # type: ignore[no-untyped-def]
    """Three schemas at today's migrations, committed; then a tenant migration added on disk."""
    for name in SCHEMAS:
        schemas.schema_create(schema_name=name, strategy="clone")
    settings.MIGRATION_MODULES = {"registry": "tests.shared.fleet.registry_migrations"}
    yield SCHEMAS
    for name in SCHEMAS:
        schemas.schema_drop(schema_name=name)


def has_probe_column(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = 'registry_registrationcounter' AND column_name = 'fleet_probe'",
            [schema_name],
        )
        return cursor.fetchone() is not None


class TestFleetMigrate:
    def test_every_schema_equals_what_migrate_schemas_makes(self, fleet):
        report = migrate.fleet_migrate(schema_names=["fleet_a", "fleet_c"], processes=2)
        call_command("migrate_schemas", schema_name="fleet_b", interactive=False, verbosity=0)

        assert sorted(report.migrated) == ["fleet_a", "fleet_c"]
        assert report.ok
        by_django_tenants = structure_of("fleet_b")
        assert PROBE in by_django_tenants["migrations"]
        for name in ["fleet_a", "fleet_c"]:
            ours = structure_of(name)
            for aspect in by_django_tenants:
                assert ours[aspect] == by_django_tenants[aspect], (name, aspect)

    def test_schemas_already_up_to_date_are_only_read(self, fleet, django_assert_max_num_queries):
        migrate.fleet_migrate(schema_names=fleet, processes=1)

        # The search path, which schemas exist, and every schema's records in one query.
        with django_assert_max_num_queries(3):
            report = migrate.fleet_migrate(schema_names=fleet, processes=2)

        assert report.up_to_date == fleet
        assert report.migrated == []

    def test_a_failure_stops_at_that_schema_and_a_rerun_completes(self, fleet):
        with schema_context("fleet_b"), connection.cursor() as cursor:
            cursor.execute("CREATE TABLE fleet_poison (id int)")

        failed = migrate.fleet_migrate(schema_names=fleet, processes=1)

        assert failed.migrated == ["fleet_a"]
        assert list(failed.failed) == ["fleet_b"]
        assert "poisoned schema" in failed.failed["fleet_b"]
        assert failed.not_started == ["fleet_c"]
        assert "FAILED fleet_b" in failed.summary()
        assert "Not started: fleet_c" in failed.summary()
        assert [has_probe_column(name) for name in fleet] == [True, False, False]
        assert PROBE not in structure_of("fleet_b")["migrations"]

        with schema_context("fleet_b"), connection.cursor() as cursor:
            cursor.execute("DROP TABLE fleet_poison")
        rerun = migrate.fleet_migrate(schema_names=fleet, processes=1)

        assert rerun.up_to_date == ["fleet_a"]
        assert rerun.migrated == ["fleet_b", "fleet_c"]
        first = structure_of("fleet_a")
        for name in ["fleet_b", "fleet_c"]:
            assert structure_of(name) == first, name


@pytest.mark.django_db
class TestFleetSchemaNames:
    def test_the_fleet_is_every_organisation_the_template_and_the_pool(self, tenant_a, tenant_b):
        PooledSchema.objects.create(schema_name="_pool_listed", migration_state="x")

        names = migrate.fleet_schema_names()

        assert {tenant_a.schema_name, tenant_b.schema_name} <= set(names)
        assert names[-2:] == ["tenant_template", "_pool_listed"]
        assert "public" not in names

    def test_a_migrated_pool_schema_is_marked_current(self, settings):
        settings.ORGANIZATION_SCHEMA_POOL_SIZE = 1
        [pooled] = pool.schema_pool_fill()
        PooledSchema.objects.update(migration_state="before")

        report = migrate.fleet_migrate(schema_names=[pooled])

        assert report.up_to_date == [pooled]
        assert pool.pooled_schema_names() == [pooled]
        assert PooledSchema.objects.get().migration_state != "before"


class TestMigrateFleetCommand:
    def test_refuses_more_processes_than_the_connection_budget(self, settings):
        settings.FLEET_MIGRATION_CONNECTIONS = 2
        with pytest.raises(CommandError, match="connection budget"):
            call_command("migrate_fleet", processes=3)
