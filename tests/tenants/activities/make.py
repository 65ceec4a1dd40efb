"""Activities and participants for tests: call inside an organisation's schema."""

from __future__ import annotations

import datetime
from typing import Any

from tenants.activities.models import Activity, Participant


def activity(held_on: datetime.date, kind: str = "training", **fields: Any) -> Activity:
    values: dict[str, Any] = {"title": f"Innovativ chef {held_on}", **fields}
    return Activity.objects.create(kind=kind, held_on=held_on, **values)


def participants(on: Activity, role: str, n: int = 1, **fields: Any) -> list[Participant]:
    return [
        Participant.objects.create(
            activity=on, name=f"{role} {i}", role=role, **{"attended": True, **fields}
        )
        for i in range(n)
    ]
