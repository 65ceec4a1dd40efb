"""The schema pool: schemas taken by renaming, never twice, given back when provisioning fails."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context, schema_exists

from shared.fleet import plan, pool
from shared.fleet.models import PooledSchema
from shared.organizations import schemas, services
from shared.organizations.models import Organization
from tests.shared.organizations.test_schemas import structure_of


@pytest.fixture
def pool_size(settings):  # type: ignore[no-untyped-def]
    settings.ORGANIZATION_SCHEMA_POOL_SIZE = 1
    return settings


@pytest.mark.django_db
class TestPooledSchemaTake:
    def test_a_pooled_schema_is_the_same_as_a_migrated_one(self, pool_size):
        [pooled] = pool.schema_pool_fill()
        schemas.schema_create(schema_name="by_migrations", strategy="migrate")
        schemas.schema_create(schema_name="by_pool", strategy="pool")

        assert not schema_exists(pooled)
        assert pool.pooled_schema_names() == []
        migrated, taken = structure_of("by_migrations"), structure_of("by_pool")
        for aspect in migrated:
            assert taken[aspect] == migrated[aspect], aspect
        assert migrated["migrations"] == set(plan.migration_keys())

    def test_an_empty_pool_falls_back_to_cloning_and_still_succeeds(self):
        assert pool.pooled_schema_names() == []

        schemas.schema_create(schema_name="by_pool", strategy="pool")

        assert structure_of("by_pool")["migrations"] == set(plan.migration_keys())

    def test_a_schema_made_before_the_latest_migrations_is_never_handed_out(self, pool_size):
        [stale] = pool.schema_pool_fill()
        PooledSchema.objects.update(migration_state="before-the-latest-migration")

        with transaction.atomic():
            assert pool.pooled_schema_take(schema_name="by_pool") is None
        [fresh] = pool.schema_pool_fill()

        assert fresh != stale
        assert not schema_exists(stale)
        assert pool.pooled_schema_names() == [fresh]


@pytest.mark.django_db
class TestProvisioningFromThePool:
    def test_takes_a_pooled_schema_and_refills_the_pool_after_commit(
        self, pool_size, django_capture_on_commit_callbacks
    ):
        [pooled] = pool.schema_pool_fill()

        with django_capture_on_commit_callbacks(execute=True):
            organization = services.organization_provision(
                name="Poolby kommun", slug="poolby", kind="partner", municipality_codes=[]
            )

        assert not schema_exists(pooled)
        with schema_context(organization.schema_name), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM ideas_stage")  # seeded by a migration
            assert cursor.fetchone()[0] > 0
        [refill] = pool.pooled_schema_names()
        assert refill != pooled

    def test_a_failed_provisioning_leaves_nothing_half_made(self, pool_size, monkeypatch):
        [pooled] = pool.schema_pool_fill()

        def fail(**kwargs: object) -> None:
            raise RuntimeError("mail server on fire")

        monkeypatch.setattr(services.account_services, "membership_add", fail)
        with pytest.raises(RuntimeError, match="on fire"):
            services.organization_provision(
                name="Poolby kommun",
                slug="poolby",
                kind="partner",
                municipality_codes=[],
                admin_email="admin@poolby.se",
                admin_name="Ada Admin",
            )

        assert not Organization.objects.filter(slug="poolby").exists()
        assert not schema_exists("poolby")
        assert schema_exists(pooled)
        assert pool.pooled_schema_names() == [pooled]


@pytest.mark.django_db(transaction=True)
class TestConcurrentTakes:
    @pytest.fixture
    def committed_pool(self, settings):  # type: ignore[no-untyped-def]
        def fill(size: int) -> list[str]:
            settings.ORGANIZATION_SCHEMA_POOL_SIZE = size
            return pool.schema_pool_fill()

        yield fill
        for name in pool.pooled_schema_names():
            schemas.schema_drop(schema_name=name)
        PooledSchema.objects.all().delete()

    def take_at_once(self, schema_names: list[str]) -> list[str | None]:
        """Take in one thread per name, each holding its transaction until all have taken."""
        taken: dict[str, str | None] = {}
        all_took = threading.Barrier(len(schema_names), timeout=30)

        def take(schema_name: str) -> None:
            try:
                with transaction.atomic():
                    taken[schema_name] = pool.pooled_schema_take(schema_name=schema_name)
                    all_took.wait()
                    transaction.set_rollback(True)
            finally:
                connection.close()

        threads = [threading.Thread(target=take, args=[name]) for name in schema_names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return [taken[name] for name in schema_names]

    def test_two_provisionings_at_once_never_get_the_same_schema(self, committed_pool):
        ready = committed_pool(2)

        first, second = self.take_at_once(["conc_a", "conc_b"])

        assert {first, second} == set(ready)

    def test_with_one_schema_ready_the_second_provisioning_falls_back(self, committed_pool):
        [ready] = committed_pool(1)

        taken = self.take_at_once(["conc_a", "conc_b"])

        assert sorted(taken, key=str) == sorted([ready, None], key=str)
        assert pool.pooled_schema_names() == [ready]  # both rolled back: it is in the pool again
