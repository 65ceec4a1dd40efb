"""Fixtures for reports: Alfa's schema and people of Alfa with the roles that read reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization
from tests.factories import PersonFactory
from tests.tenants.reports import make
from tests.tenants.reports.make import IdeaSpec


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    """Alfa's schema for the whole test."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def admin(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "admin", person__full_name="Ada Admin")


@pytest.fixture
def viewer(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, "viewer", person__full_name="Vera Viewer")


@pytest.fixture
def people(db) -> list[Any]:  # type: ignore[no-untyped-def]
    """Two people to point rows at (submitter, coach, participant)."""
    return [PersonFactory(), PersonFactory()]


EVIL_TITLE = '=HYPERLINK("https://example.org/stjal","Klicka här")'
YEAR = 2025


@pytest.fixture
def sample(tenant_a, people) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A small organisation of 2025 in Alfa: 16 ideas, decisions, a trial, an activity.

    Women submitted 7 ideas, men 3 (a small group), 6 did not say; the call's
    title is a spreadsheet formula.
    """
    day = datetime.date(YEAR, 3, 10)
    with tenant_context(tenant_a):
        make.clear()
        evil = make.call(EVIL_TITLE, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 4, 1))
        specs = [IdeaSpec(created_at=make.at(day), gender="woman", call=evil) for _ in range(7)]
        specs += [IdeaSpec(created_at=make.at(day), gender="man") for _ in range(3)]
        specs += [
            IdeaSpec(
                created_at=make.at(day),
                audience="citizen",
                stage="screening",
                moves=[("screening", make.at(day + datetime.timedelta(days=4)))],
            )
            for _ in range(6)
        ]
        ideas = make.ideas(specs, submitted_by=people[0])
        for idea in ideas[:6]:
            make.decision(idea, "fund_test", Decimal("2500.50"), day)
        make.decision(ideas[8], "pilot", 10_000, day)
        make.trial(
            ideas[0],
            status="completed",
            starts_on=day,
            ends_on=datetime.date(YEAR, 5, 1),
            recommendation="implement",
        )
        make.activity(
            "training",
            day,
            participants=[("manager", True, people[0]), ("manager", True, None)],
        )
        make.budget(YEAR, 100_000)
    return {"ideas": ideas, "call": evil}
