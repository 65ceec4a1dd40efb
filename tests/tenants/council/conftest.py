"""Fixtures for the idea council: Alfa's people by role, ideas ready for the council, meetings."""

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
def admin(tenant_a, member_of):
    return member_of(tenant_a, "admin", person__full_name="Ada Admin")


@pytest.fixture
def coach(tenant_a, member_of):
    return member_of(tenant_a, "coach", person__full_name="Cecilia Coach")


@pytest.fixture
def council_member(tenant_a, member_of):
    return member_of(tenant_a, "council_member", person__full_name="Rune Rådsledamot")


@pytest.fixture
def staff(tenant_a, member_of):
    return member_of(tenant_a, "staff", person__full_name="Stina Staff")
