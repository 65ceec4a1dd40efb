"""Fixtures for activities: Alfa's schema and its people by role."""

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
def coach(tenant_a, member_of):
    return member_of(tenant_a, "coach", person__full_name="Cecilia Coach")
