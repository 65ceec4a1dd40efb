from __future__ import annotations

import pytest


@pytest.fixture
def coach_b(tenant_b, member_of):
    return member_of(tenant_b, "coach")
