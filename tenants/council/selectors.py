"""Reads of the idea council (idéråd): budget status, meetings, decisions, ideas to take up."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting, MeetingStatus
from tenants.ideas.models import Idea, StageKind
from tenants.trials.models import Evaluation

ZERO = Decimal("0.00")
# What the public may read of a decision, and of its idea: never who submitted or recorded it.
PUBLIC_DECISION_FIELDS = (
    "registration_number",
    "registration_year",
    "registration_sequence",
    "decided_on",
    "kind",
    "amount_granted_sek",
    "rationale",
    "idea",
    "idea__registration_number",
    "idea__title",
    "idea__is_public",
)


@dataclass(frozen=True)
class BudgetStatus:
    """The council's money in a year: what it may grant, has granted, and what tests cost."""

    budget: Decimal
    granted: Decimal
    spent: Decimal
    remaining: Decimal
    year: int
    is_set: bool


def year_range(year: int) -> tuple[datetime.date, datetime.date]:
    """First day of ``year`` and first day of the next: ``decided_on`` in [start, end)."""
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def current_year() -> int:
    return timezone.localdate().year


def granted_in(*, year: int) -> Decimal:
    """The sum of the amounts granted by decisions taken in ``year``."""
    start, end = year_range(year)
    total = Decision.objects.filter(decided_on__gte=start, decided_on__lt=end).aggregate(
        total=Sum("amount_granted_sek")
    )["total"]
    return total if total is not None else ZERO


def budget_status(*, year: int) -> BudgetStatus:
    """Budget, granted and remaining (budget − granted) in ``year``, and what was spent.

    Spent is the actual cost in the evaluations of the trials that the year's
    decisions paid for. A year without a budget has a budget of 0.
    """
    start, end = year_range(year)
    row = CouncilBudget.objects.filter(year=year).values_list("amount_sek", flat=True).first()
    budget = row if row is not None else ZERO
    granted = granted_in(year=year)
    spent = Evaluation.objects.filter(
        trial__decision__decided_on__gte=start, trial__decision__decided_on__lt=end
    ).aggregate(total=Sum("actual_cost_sek"))["total"]
    return BudgetStatus(
        budget=budget,
        granted=granted,
        spent=spent if spent is not None else ZERO,
        remaining=budget - granted,
        year=year,
        is_set=row is not None,
    )


def meeting_list() -> QuerySet[Meeting]:
    """Meetings, latest first, with ``item_count`` and ``decision_count``."""
    return Meeting.objects.annotate(
        item_count=Count("agenda_items", distinct=True),
        decision_count=Count("agenda_items__decision", distinct=True),
    ).order_by("-held_on", "-pk")


def _agenda_items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.select_related(
        "idea", "idea__stage", "stage_when_set", "decision"
    ).order_by("position")


def meeting_get(*, pk: int) -> Meeting:
    """One meeting with its agenda in order: ideas, their stages and decisions loaded.

    Raises ``Meeting.DoesNotExist``.
    """
    return Meeting.objects.prefetch_related(Prefetch("agenda_items", queryset=_agenda_items())).get(
        pk=pk
    )


def agenda_item_get(*, pk: int) -> AgendaItem:
    """One agenda item with its meeting, idea and decision; raises ``AgendaItem.DoesNotExist``."""
    return AgendaItem.objects.select_related(
        "meeting", "idea", "idea__stage", "stage_when_set", "decision"
    ).get(pk=pk)


def decision_list(*, year: int | None = None, public: bool = False) -> QuerySet[Decision]:
    """Decisions, latest first; of ``year`` only when given.

    ``public``: for the portal. Only the columns of the public record are read,
    the decision's and its idea's; nothing about who submitted or recorded.
    """
    decisions = Decision.objects.all()
    if year is not None:
        start, end = year_range(year)
        decisions = decisions.filter(decided_on__gte=start, decided_on__lt=end)
    if public:
        decisions = decisions.select_related("idea").only(*PUBLIC_DECISION_FIELDS)
    else:
        decisions = decisions.select_related("idea", "idea__stage", "agenda_item__meeting")
    return decisions.order_by("-decided_on", "-registration_year", "-registration_sequence")


def decision_get_public(*, registration_number: str) -> Decision:
    """One decision by its registration number, public columns only; raises DoesNotExist."""
    return decision_list(public=True).get(registration_number=registration_number)


def decision_years() -> list[int]:
    """The years in which decisions were taken, latest first."""
    return [day.year for day in Decision.objects.dates("decided_on", "year", order="DESC")]


def ideas_ready_for_agenda() -> QuerySet[Idea]:
    """Ideas in open stages, not merged, and not on the agenda of a meeting still planned."""
    return (
        Idea.objects.filter(stage__kind=StageKind.OPEN, merged_into__isnull=True)
        .exclude(agenda_items__meeting__status=MeetingStatus.PLANNED)
        .select_related("stage")
        .order_by("stage__position", "created_at", "pk")
    )
