"""Fixtures for the audit log: Alfa's schema and an admin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    """Alfa's schema for the whole test."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def admin(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "admin", person__full_name="Ada Admin")
