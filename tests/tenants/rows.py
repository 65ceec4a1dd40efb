"""Rows of the idea lock for tests of needs and calls: call inside a tenant's schema."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenants.calls import selectors as call_selectors
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Contact
from tenants.ideas.models import Idea, Stage
from tenants.needs.models import Need
from tests.factories import PersonFactory

CANARY_A = "KANARIE-ALFA-5e0b"
CANARY_B = "KANARIE-BETA-c41a"

_numbers = itertools.count(1)


def today() -> datetime.date:
    return call_selectors.today()


def days(n: int) -> datetime.date:
    """The date ``n`` days from today in Sweden (negative: in the past)."""
    return today() + datetime.timedelta(days=n)


def need(**fields: Any) -> Need:
    values: dict[str, Any] = {"title": "Ett behov", "description": "Beskrivning av behovet"}
    return Need.objects.create(**{**values, **fields})


def call(*, needs: Iterable[Need] = (), **fields: Any) -> IdeaCall:
    values: dict[str, Any] = {
        "title": "En utlysning",
        "problem": "Problemet",
        "audiences": ["staff", "citizen"],
        "opens_on": days(-5),
        "closes_on": days(5),
    }
    made = IdeaCall.objects.create(**{**values, **fields})
    made.needs.set(list(needs))
    return made


def idea(*, needs: Iterable[Need] = (), call: IdeaCall | None = None, **fields: Any) -> Idea:
    n = next(_numbers)
    values: dict[str, Any] = {
        "registration_number": f"TEST-{n}",
        "registration_year": 2026,
        "registration_sequence": n,
        "title": f"Idé {n}",
        "description": "En idé",
        "audience": "staff",
        "submission_fingerprint": f"test-{n}",
    }
    if "submitted_by" not in fields and "contact" not in fields:
        values["submitted_by"] = PersonFactory()
    made = Idea.objects.create(**{**values, **fields}, stage=_entry_stage(), call=call)
    made.needs.set(list(needs))
    return made


def contact(**fields: Any) -> Contact:
    n = next(_numbers)
    values: dict[str, Any] = {
        "name": "Inga Invånare",
        "email": f"inga{n}@example.org",
        "consent_text": "Jag samtycker.",
        "consent_given_at": timezone.now(),
        "access_token": f"token-{n}",
    }
    return Contact.objects.create(**{**values, **fields})


def _entry_stage() -> Stage:
    # Seeded by a migration; a committed_db test may have emptied the table since.
    stage = Stage.objects.filter(is_entry=True).first()
    if stage is None:
        stage = Stage.objects.create(
            key="received",
            name_sv="Inkommen",
            name_en="Received",
            kind="open",
            position=1,
            is_entry=True,
        )
    return stage


def queries_of(action: Callable[[], Any]) -> int:
    """How many database queries ``action`` makes."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def data_queries_of(action: Callable[[], Any]) -> int:
    """How many queries ``action`` makes, leaving out ``SET search_path``.

    Host routing switches the schema once or twice depending on what the
    connection last did, not on the data; tests that compare a page with few
    rows to the same page with many count only what reads the data.
    """
    with CaptureQueriesContext(connection) as captured:
        action()
    return sum(
        1 for query in captured.captured_queries if not query["sql"].startswith("SET search_path")
    )
