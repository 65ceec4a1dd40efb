"""Fixtures for coaching: Alfa's schema, its people by role, an idea and next steps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization
from tenants.ideas.models import Idea
from tests.factories import make_idea


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    """Alfa's schema for the whole test."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def admin(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "admin", person__full_name="Ada Admin")


@pytest.fixture
def coach(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "coach", person__full_name="Cecilia Coach")


@pytest.fixture
def other_coach(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "coach", person__full_name="Bertil Coach")


@pytest.fixture
def staff(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "staff", person__full_name="Stina Staff")


@pytest.fixture
def idea(tenant_a) -> Idea:  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return make_idea(title="Lådcyklar till hemtjänsten")
