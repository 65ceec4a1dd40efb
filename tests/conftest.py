"""Test set-up: real PostgreSQL with three organisations whose schemas live for the whole session.

Most tests run inside a transaction that is rolled back (pytest-django's
``db``). Tests that need committed rows (a real Celery worker, a browser
against a live server) use ``committed_db``, which cleans the two schemas
afterwards; pytest-django then empties the public tables.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from shared.organizations import schemas, services
from shared.organizations.models import Domain, Organization, OrganizationStatus
from tests import factories

# Organisations that exist for the whole run; most tests need two to show
# that one never sees the other, the isolation fuzz test uses all three.
SESSION_TENANTS = {
    # Municipalities no demo organisation serves: a municipality has one organisation at a time.
    "alfa": {"name": "Alfa kommun", "kind": "municipality", "codes": ["0686"]},
    "beta": {"name": "Beta kommungrupp", "kind": "municipality_group", "codes": ["0642", "0643"]},
    "gamma": {"name": "Gamma kommun", "kind": "municipality", "codes": ["0617"]},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        for slug in SESSION_TENANTS:
            if not schema_exists(slug):
                _session_tenant_row(slug, create_schema=True)
            _session_tenant_row(slug, create_schema=False)
            # A run stopped half-way may have left a schema emptied by committed_db.
            with schema_context(slug):
                _seed_migration_rows()
    return


# Data migrations whose rows every schema starts with: committed_db puts them back.
SEEDING_MIGRATIONS = ["tenants.ideas.migrations.0002_default_stages"]


def _seed_migration_rows() -> None:
    """Run the (idempotent) seeding functions of SEEDING_MIGRATIONS in the current schema."""
    for module in SEEDING_MIGRATIONS:
        importlib.import_module(module).seed(django_apps, None)


def _session_tenant_row(slug: str, *, create_schema: bool) -> Organization:
    """Return the session organisation ``slug``, restoring its rows if a flush removed them."""
    existing = Organization.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    spec = SESSION_TENANTS[slug]
    if create_schema:
        return services.organization_provision(
            name=spec["name"],
            slug=slug,
            kind=spec["kind"],
            municipality_codes=spec["codes"],
            status=OrganizationStatus.ACTIVE,
        )
    from shared.core import geography

    organization = Organization.objects.create(
        schema_name=slug,
        name=spec["name"],
        slug=slug,
        kind=spec["kind"],
        municipality_codes=spec["codes"],
        county_code=geography.municipalities()[spec["codes"][0]].county_code,
        population=geography.population_of(spec["codes"]),
        status=OrganizationStatus.ACTIVE,
    )
    Domain.objects.create(domain=f"{slug}.localhost", tenant=organization, is_primary=True)
    return organization


@pytest.fixture
def tenant_a(db) -> Organization:  # type: ignore[no-untyped-def]
    return _session_tenant_row("alfa", create_schema=False)


@pytest.fixture
def tenant_b(db) -> Organization:  # type: ignore[no-untyped-def]
    return _session_tenant_row("beta", create_schema=False)


@pytest.fixture
def tenant_c(db) -> Organization:  # type: ignore[no-untyped-def]
    return _session_tenant_row("gamma", create_schema=False)


@pytest.fixture
def committed_db(transactional_db) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Rows are committed for real (other threads see them); cleaned up afterwards."""
    yield
    connection.set_schema_to_public()
    for slug in SESSION_TENANTS:
        with schema_context(slug), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s "
                "AND tablename NOT IN ('django_migrations', 'django_content_type')",
                [slug],
            )
            tables = [row[0] for row in cursor.fetchall()]
            # The audit log refuses TRUNCATE (append-only); only the test clean-up may,
            # and only inside this transaction: the triggers are back on at commit.
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND NOT t.tgisinternal AND t.tgtype & 32 <> 0",
                [slug],
            )
            truncate_guards = cursor.fetchall()
            for table, trigger in truncate_guards:
                cursor.execute(f'ALTER TABLE "{slug}"."{table}" DISABLE TRIGGER "{trigger}"')
            if tables:
                cursor.execute(
                    "TRUNCATE " + ", ".join(f'"{slug}"."{t}"' for t in tables) + " CASCADE"
                )
            for table, trigger in truncate_guards:
                cursor.execute(f'ALTER TABLE "{slug}"."{table}" ENABLE TRIGGER "{trigger}"')
            _seed_migration_rows()
    for organization in Organization.objects.tenants().exclude(slug__in=SESSION_TENANTS):
        schemas.schema_drop(schema_name=organization.schema_name)


@pytest.fixture
def committed_tenant_a(committed_db) -> Organization:  # type: ignore[no-untyped-def]
    return _session_tenant_row("alfa", create_schema=False)


@pytest.fixture
def committed_tenant_b(committed_db) -> Organization:  # type: ignore[no-untyped-def]
    return _session_tenant_row("beta", create_schema=False)


@pytest.fixture
def committed_tenant_c(committed_db) -> Organization:  # type: ignore[no-untyped-def]
    return _session_tenant_row("gamma", create_schema=False)


def host_of(organization: Organization) -> str:
    return organization.domains.get(is_primary=True).domain


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """Return a test client that talks to an organisation's host (or the public site)."""

    def make(organization: Organization | None = None, *, person=None) -> Client:  # type: ignore[no-untyped-def]
        host = host_of(organization) if organization is not None else "localhost"
        client = Client(HTTP_HOST=host)
        if person is not None:
            client.force_login(person)
        return client

    return make


@pytest.fixture
def member_of():  # type: ignore[no-untyped-def]
    """Return a new person with ``role`` in ``organization``."""

    def make(organization: Organization, role: str = "staff", **fields):  # type: ignore[no-untyped-def]
        return factories.MembershipFactory(organization=organization, role=role, **fields).person

    return make


@pytest.fixture(autouse=True)
def _public_schema_at_start() -> None:
    """Start every test in the public schema: a request leaves the connection on its tenant."""
    connection.set_schema_to_public()
