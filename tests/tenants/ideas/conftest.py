"""Fixtures for the idea lock: run inside Alfa's schema, with people who work there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    """Alfa's schema for the whole test, callbacks run on commit included."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def staff(in_tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(in_tenant_a, "staff")


@pytest.fixture
def coach(in_tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(in_tenant_a, "coach")


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """Uploaded files go to ``tmp_path/<schema>/``.

    Changing STORAGES too makes Django build a new default storage: django-tenants'
    storage caches the media root it saw first.
    """
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}
    return tmp_path
