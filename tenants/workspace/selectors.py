"""Reads for the worklist home (arbetslista): what each person should do today.

Every function is one or two queries, whatever the organisation's size; the
home page pins the total (tests/tenants/workspace/test_home.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from tenants.coaching.models import CoachAssignment, NextStep
from tenants.council.models import AgendaItem, Decision, DecisionKind, Meeting, MeetingStatus
from tenants.ideas.models import Idea, StageChange, StageKind
from tenants.trials.models import Trial, TrialStatus

# An idea that has stood this long in one open stage is "waiting too long".
WAITING_DAYS = 30
DUE_WITHIN_DAYS = 7
ENDING_WITHIN_DAYS = 21
LIST_LIMIT = 8


def my_next_steps(*, person: Any, today: datetime.date) -> list[NextStep]:
    """The person's open next steps that are overdue or due within a week, soonest first."""
    return list(
        NextStep.objects.filter(
            owner_id=person.pk,
            done_at__isnull=True,
            due_on__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS),
        )
        .select_related("idea")
        .order_by("due_on", "pk")[:LIST_LIMIT]
    )


def my_waiting_ideas(*, person: Any, now: datetime.datetime) -> list[Idea]:
    """Ideas the person coaches that have stood in one open stage for WAITING_DAYS or more."""
    return list(
        Idea.objects.filter(
            pk__in=CoachAssignment.objects.filter(coach_id=person.pk, ended_at__isnull=True).values(
                "idea_id"
            ),
            stage__kind=StageKind.OPEN,
            stage_changed_at__lte=now - datetime.timedelta(days=WAITING_DAYS),
        )
        .select_related("stage")
        .order_by("stage_changed_at", "pk")[:LIST_LIMIT]
    )


def next_meeting(*, today: datetime.date) -> tuple[Meeting | None, list[AgendaItem]]:
    """The next planned council meeting and its agenda in order."""
    meeting = (
        Meeting.objects.filter(status=MeetingStatus.PLANNED, held_on__gte=today)
        .order_by("held_on", "pk")
        .first()
    )
    if meeting is None:
        return None, []
    items = list(
        AgendaItem.objects.filter(meeting=meeting).select_related("idea").order_by("position")
    )
    return meeting, items


def decisions_waiting_for_test_plan() -> list[Decision]:
    """Decisions to fund a test or run a pilot that no test has been planned for yet."""
    return list(
        Decision.objects.filter(
            kind__in=[DecisionKind.FUND_TEST, DecisionKind.PILOT], trials__isnull=True
        )
        .select_related("idea")
        .order_by("decided_on", "pk")[:LIST_LIMIT]
    )


def trials_ending_soon(*, today: datetime.date) -> list[Trial]:
    """Running tests that end within three weeks (or ended without an evaluation yet)."""
    return list(
        Trial.objects.filter(
            status=TrialStatus.RUNNING,
            ends_on__lte=today + datetime.timedelta(days=ENDING_WITHIN_DAYS),
        )
        .select_related("idea")
        .order_by("ends_on", "pk")[:LIST_LIMIT]
    )


@dataclass(frozen=True)
class KeyFigure:
    label: str
    this_year: int | Decimal
    last_year: int | Decimal
    is_money: bool = False


def key_figures(*, year: int) -> list[KeyFigure]:
    """This year's key figures beside last year's, in four queries."""
    from django.utils.translation import gettext as _

    def span(field: str, of: int) -> Q:
        return Q(**{f"{field}__year": of})

    ideas = Idea.objects.aggregate(
        this=Count("pk", filter=span("created_at", year)),
        last=Count("pk", filter=span("created_at", year - 1)),
    )
    decisions = Decision.objects.aggregate(
        this=Count("pk", filter=span("decided_on", year)),
        last=Count("pk", filter=span("decided_on", year - 1)),
        granted_this=Sum("amount_granted_sek", filter=span("decided_on", year)),
        granted_last=Sum("amount_granted_sek", filter=span("decided_on", year - 1)),
    )
    trials = Trial.objects.aggregate(
        this=Count("pk", filter=span("starts_on", year)),
        last=Count("pk", filter=span("starts_on", year - 1)),
    )
    done = StageChange.objects.filter(to_stage__kind=StageKind.DONE).aggregate(
        this=Count("pk", filter=span("at", year)),
        last=Count("pk", filter=span("at", year - 1)),
    )
    return [
        KeyFigure(_("Nya idéer"), ideas["this"], ideas["last"]),
        KeyFigure(_("Beslut i idérådet"), decisions["this"], decisions["last"]),
        KeyFigure(
            _("Beviljat (kr)"),
            decisions["granted_this"] or Decimal(0),
            decisions["granted_last"] or Decimal(0),
            is_money=True,
        ),
        KeyFigure(_("Tester som startat"), trials["this"], trials["last"]),
        KeyFigure(_("Införda idéer"), done["this"], done["last"]),
    ]


def today_and_now() -> tuple[datetime.date, datetime.datetime]:
    return timezone.localdate(), timezone.now()
