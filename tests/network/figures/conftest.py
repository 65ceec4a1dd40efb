"""Fixtures for the national figures: the three session organisations and what they hold."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from network.figures import hooks
from network.figures.models import AreaMonthCount, OrganizationMonthCount


def kept(organization: Any) -> dict[tuple[Any, ...], tuple[int, Decimal]]:
    """The organisation's kept figures, keyed as ``counting`` keys them."""
    return {
        (row.month, row.dimension, row.key, row.group): (row.value, row.amount_sek)
        for row in OrganizationMonthCount.objects.filter(organization=organization)
    }


def area_rows(area: str) -> dict[tuple[Any, ...], tuple[int, Decimal]]:
    return {
        (row.month, row.dimension, row.key, row.group): (row.value, row.amount_sek)
        for row in AreaMonthCount.objects.filter(area=area)
    }


def summed(organizations: list[Any]) -> dict[tuple[Any, ...], tuple[int, Decimal]]:
    """What a roll-up over ``organizations`` must hold: their rows added up, zeros left out."""
    total: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for row in OrganizationMonthCount.objects.filter(organization__in=organizations):
        cell = total[(row.month, row.dimension, row.key, row.group)]
        cell[0] += row.value
        cell[1] += row.amount_sek
    return {key: (v, a) for key, (v, a) in total.items() if v or a}


@pytest.fixture
def figures_on_commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run, when the block ends, the figures' own on-commit callbacks (recounts), not the others.

    The test's transaction never commits, so on-commit callbacks are captured;
    mail sent on commit must run outside any transaction (shared.core.deliveries)
    and is not what these tests are about.
    """

    @contextlib.contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            yield
        for callback in callbacks:
            if getattr(callback, "__module__", "") == hooks.__name__:
                callback()

    return run
