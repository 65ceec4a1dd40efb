"""Fixtures for the library: Alfa's schema, a coach, uploads stored in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Uploaded files go to ``tmp_path/<schema>/``.

    Changing STORAGES too makes Django build a new default storage: django-tenants'
    storage caches the media root it saw first.
    """
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path
