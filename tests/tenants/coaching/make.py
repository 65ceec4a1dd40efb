"""Rows for coaching tests: call inside an organisation's schema."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tenants.coaching.models import CoachAssignment, NextStep
from tenants.ideas.models import Idea
from tests.factories import make_idea


def days(n: int) -> datetime.date:
    """The date ``n`` days from today in Sweden (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def next_step(idea: Idea, owner: Any, due_on: datetime.date, **fields: Any) -> NextStep:
    """A next step stored as it is; the service refuses due dates in the past, tests need them."""
    values: dict[str, Any] = {"description": f"Steg {due_on}", **fields}
    return NextStep.objects.create(idea=idea, owner=owner, due_on=due_on, **values)


def coached_idea(coach: Any, **fields: Any) -> Idea:
    """An idea that ``coach`` coaches now."""
    idea = make_idea(**fields)
    CoachAssignment.objects.create(idea=idea, coach=coach)
    return idea
