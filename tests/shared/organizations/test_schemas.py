"""Both ways of creating a schema give the same tables, indexes, constraints and seeded rows."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared.organizations import schemas
from tenants.needs.models import Need
from tenants.registry.models import RegistrationCounter

pytestmark = pytest.mark.django_db


def structure_of(schema_name: str) -> dict[str, set]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, "
            "regexp_replace(coalesce(column_default, ''), %s, 'S', 'g') "
            "FROM information_schema.columns WHERE table_schema = %s",
            [schema_name, schema_name],
        )
        columns = set(cursor.fetchall())
        cursor.execute(
            "SELECT tablename, replace(indexdef, %s, 'S') FROM pg_indexes WHERE schemaname = %s",
            [schema_name, schema_name],
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conrelid::regclass::text, conname || ' ' || pg_get_constraintdef(oid) "
            "FROM pg_constraint "
            "WHERE connamespace = %s::regnamespace",
            [schema_name],
        )
        constraints = {
            (t.split(".")[-1], d.replace(schema_name, "S")) for t, d in cursor.fetchall()
        }
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, replace(pg_get_triggerdef(t.oid), %s, 'S') "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = %s::regnamespace AND NOT t.tgisinternal",
            [schema_name, schema_name],
        )
        triggers = {(t.split(".")[-1], n, d) for t, n, d in cursor.fetchall()}
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = %s::regnamespace", [schema_name]
        )
        functions = {row[0] for row in cursor.fetchall()}
    with schema_context(schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = set(cursor.fetchall())
        cursor.execute("SELECT app_label, model FROM django_content_type")
        content_types = set(cursor.fetchall())
    return {
        "columns": columns,
        "indexes": indexes,
        "constraints": constraints,
        "triggers": triggers,
        "functions": functions,
        "migrations": migrations,
        "content_types": content_types,
    }


class TestSchemaCreate:
    def test_cloning_gives_the_same_schema_as_running_the_migrations(self):
        schemas.schema_create(schema_name="by_migrations", strategy="migrate")
        schemas.schema_create(schema_name="by_cloning", strategy="clone")

        migrated, cloned = structure_of("by_migrations"), structure_of("by_cloning")

        for aspect in migrated:
            assert cloned[aspect] == migrated[aspect], aspect
        assert migrated["migrations"]
        assert ("needs", "need") in migrated["content_types"]

    def test_a_cloned_schema_starts_its_ids_at_one_and_holds_no_rows_of_others(self):
        schemas.schema_create(schema_name="by_cloning", strategy="clone")

        with schema_context("by_cloning"):
            assert not Need.objects.exists()
            assert Need.objects.create(title="a", description="b").pk == 1

    def test_the_template_is_migrated_before_cloning_when_it_lags_behind(self):
        template = schemas.template_schema_ensure()
        with schema_context(template), connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = 'registry'")
            cursor.execute("DROP TABLE registry_registrationcounter")

        schemas.schema_create(schema_name="by_cloning", strategy="clone")

        with schema_context("by_cloning"):
            assert RegistrationCounter.objects.count() == 0  # the table is there again

    def test_refuses_an_unknown_strategy(self):
        with pytest.raises(ValueError, match="Unknown schema strategy"):
            schemas.schema_create(schema_name="x", strategy="copy-paste")
