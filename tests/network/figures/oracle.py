"""The figures an organisation should have, worked out in Python from its rows (the test oracle).

Independent of ``network.figures.counting``'s SQL: it walks the ORM rows one
by one. It covers the dimensions the property test's events change.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from network.figures import dimensions as d
from network.figures.counting import FUNDING_KINDS, LEAD_TIME_CAP_DAYS, ZERO
from tenants.coaching.models import CoachAssignment
from tenants.council.models import Decision
from tenants.ideas.models import Idea, StageChange
from tenants.trials.models import Evaluation, Trial

COVERED = {
    d.IDEAS_RECEIVED,
    d.IDEAS_AUDIENCE,
    d.IDEAS_INFLOW,
    d.IDEAS_STAGE,
    d.IDEAS_IMPLEMENTED,
    d.FUNNEL,
    d.DECISIONS,
    d.TRIALS,
    d.EVALUATIONS,
    d.LEAD_TIME,
}


def month_of(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def expected(organization: Any) -> dict[tuple[Any, ...], tuple[int, Decimal]]:
    tally: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, ZERO])

    def add(key: tuple[Any, ...], value: int = 1, amount: Decimal = ZERO) -> None:
        tally[key][0] += value
        tally[key][1] += amount

    with tenant_context(organization):
        coached = set(CoachAssignment.objects.values_list("idea_id", flat=True))
        tested = set(Trial.objects.values_list("idea_id", flat=True))
        decisions = list(Decision.objects.all())
        for idea in Idea.objects.select_related("stage"):
            month = month_of(idea.created_at)
            add((month, d.IDEAS_RECEIVED, "", ""))
            add((month, d.IDEAS_AUDIENCE, idea.audience, ""))
            inflow = d.INFLOW_CALL if idea.call_id else d.INFLOW_OPEN
            add((month, d.IDEAS_INFLOW, inflow, ""))
            add((month, d.IDEAS_STAGE, idea.stage.key, idea.stage.kind))
            own = [x for x in decisions if x.idea_id == idea.pk]
            funding = [x for x in own if x.kind in FUNDING_KINDS and x.amount_granted_sek > 0]
            reached = {
                "submitted": True,
                "coached": idea.pk in coached,
                "decided": bool(own),
                "funded": bool(funding),
                "tested": idea.pk in tested,
                "implemented": idea.stage.kind == "done",
            }
            sek = sum((x.amount_granted_sek for x in funding), ZERO)
            gender = idea.submitter_gender or d.NOT_STATED
            for group in ("", f"gender:{gender}", f"audience:{idea.audience}"):
                for step, yes in reached.items():
                    if yes:
                        add((month, d.FUNNEL, step, group), 1, sek if step == "funded" else ZERO)
        for decision in decisions:
            add(
                (month_of(decision.decided_on), d.DECISIONS, decision.kind, ""),
                1,
                decision.amount_granted_sek,
            )
        for trial in Trial.objects.all():
            add((month_of(trial.starts_on), d.TRIALS, trial.status, trial.kind))
        for evaluation in Evaluation.objects.all():
            add((month_of(evaluation.evaluated_on), d.EVALUATIONS, evaluation.recommendation, ""))
        by_idea: dict[int, list[StageChange]] = defaultdict(list)
        for change in StageChange.objects.select_related("to_stage").order_by("at", "id"):
            by_idea[change.idea_id].append(change)
        implemented: dict[datetime.date, set[int]] = defaultdict(set)
        for idea_id, changes in by_idea.items():
            for change in changes:
                if change.to_stage.kind == "done":
                    implemented[month_of(change.at)].add(idea_id)
            for before, after in itertools.pairwise(changes):
                days = min(int((after.at - before.at).total_seconds() // 86400), LEAD_TIME_CAP_DAYS)
                add((month_of(after.at), d.LEAD_TIME, before.to_stage.key, str(days)))
        for month, ideas in implemented.items():
            add((month, d.IDEAS_IMPLEMENTED, "", ""), len(ideas))
    return {
        key: (value, amount.quantize(ZERO))
        for key, (value, amount) in tally.items()
        if value or amount
    }
