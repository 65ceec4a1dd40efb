"""Rows for network tests: a proven idea, a need and a method in an organisation's schema.

Call these inside the organisation's schema (``schema_context``); they go through
the lock's own services, as a municipality's staff would.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

from shared.accounts.models import Person
from tenants.ideas import services as idea_services
from tenants.ideas.models import Comment, Idea, Stage
from tenants.library import services as library_services
from tenants.library.models import Method
from tenants.needs import services as need_services
from tenants.needs.models import Need
from tenants.trials import services as trial_services
from tenants.trials.models import Trial
from tests import factories

START = datetime.date(2026, 3, 1)


def need(by: Person, **fields: Any) -> Need:
    values: dict[str, Any] = {
        "title": "Ensamhet bland äldre på landsbygden",
        "description": "Många äldre i byarna träffar ingen på flera dagar.",
        "unit": "Äldreomsorg",
        "affected": "Äldre som bor ensamma utanför tätorten.",
        "tags": ["äldreomsorg", "ensamhet"],
        **fields,
    }
    return need_services.need_submit(**values, by=by)


def idea_at_test(by: Person, **fields: Any) -> Idea:
    """An idea moved to the test stage, with a planned trial."""
    fields.setdefault("title", "Digitala fikaträffar för äldre")
    fields.setdefault(
        "description", "Äldre träffas över surfplatta varje vecka, med en värd från kommunen."
    )
    fields.setdefault("expected_benefit", "Mindre ensamhet och färre akuta besök.")
    fields.setdefault("unit", "Äldreomsorg")
    idea = factories.make_idea(**fields)
    idea_services.idea_move(idea=idea, to_stage=Stage.objects.get(key="test"), by=by)
    trial_plan(idea, by)
    return idea


def trial_plan(idea: Idea, by: Person) -> Trial:
    return trial_services.trial_plan(
        idea=idea,
        title="Test i tre hemtjänstgrupper",
        goal="Minska upplevd ensamhet.",
        hypothesis="En veckoträff räcker för att minska ensamheten.",
        units=["Hemtjänst norr", "Hemtjänst söder", "Hemtjänst centrum"],
        starts_on=START,
        ends_on=START + datetime.timedelta(days=90),
        budget_sek=45_000,
        measures=[("Andel som känner sig ensamma", "−20 %")],
        by=by,
    )


def evaluate(trial: Trial, by: Person, recommendation: str = "implement") -> None:
    measure = trial.success_measures.get()
    trial_services.evaluation_record(
        trial=trial,
        summary="Ensamheten minskade tydligt.",
        effects="25 % färre kände sig ensamma.",
        actual_cost_sek=41_000,
        lessons="Värden är avgörande.",
        recommendation=recommendation,
        results={measure.pk: ("−25 %", True)},
        evaluated_on=START + datetime.timedelta(days=95),
        by=by,
    )


def method(by: Person, **fields: Any) -> Method:
    values: dict[str, Any] = {
        "kind": "method",
        "title": "Tjänstedesign i fem steg",
        "description": "Så intervjuar vi brukare innan vi bygger något.",
        **fields,
    }
    return library_services.method_create(**values, by=by)


def internal_note(idea: Idea, author: Person, body: str) -> Comment:
    return Comment.objects.create(idea=idea, body=body, is_internal=True, author=author)


def public_network_text() -> str:
    """Every row of every public network table, as text: what a snapshot scan searches."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND (tablename LIKE 'exchange\\_%%' OR tablename LIKE 'adoptions\\_%%' "
            "OR tablename LIKE 'pilots\\_%%')"
        )
        tables = [row[0] for row in cursor.fetchall()]
        texts = []
        for table in tables:
            # Table names come from pg_tables, not from input.
            sql = f"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM public.\"{table}\" t"  # noqa: S608
            cursor.execute(sql)
            texts.append(cursor.fetchone()[0])
    return "\n".join(texts)
