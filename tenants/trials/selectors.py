"""Reads on tests and pilots of the current organisation.

``idea_may_be_implemented`` is asked by ``tenants.ideas.services.idea_move``
before an idea moves to a stage of kind "done": keep this module free of
imports from the ideas services.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Prefetch, QuerySet

from tenants.council.models import Decision, DecisionKind
from tenants.ideas.models import Idea, StageKind
from tenants.library.models import Method
from tenants.trials.models import (
    Evaluation,
    MeasureResult,
    Recommendation,
    SuccessMeasure,
    Trial,
    TrialLogEntry,
)


def trial_list(
    *,
    status: str | None = None,
    kind: str | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    idea: Idea | int | None = None,
) -> QuerySet[Trial]:
    """Trials, latest start first, each with its idea and ``recommendation`` ("" if none yet).

    The period keeps trials that run at some time between ``period_from`` and
    ``period_to`` (either end may be open).
    """
    trials = (
        Trial.objects.select_related("idea")
        .annotate(recommendation=F("evaluation__recommendation"))
        .order_by("-starts_on", "-pk")
    )
    if status:
        trials = trials.filter(status=status)
    if kind:
        trials = trials.filter(kind=kind)
    if period_from is not None:
        trials = trials.filter(ends_on__gte=period_from)
    if period_to is not None:
        trials = trials.filter(starts_on__lte=period_to)
    if idea is not None:
        trials = trials.filter(idea=idea)
    return trials


def trial_get(*, pk: int) -> Trial:
    """One trial with its idea, decision, measures (with results), methods, log and evaluation.

    Raises ``Trial.DoesNotExist``. Use ``evaluation_of`` for the evaluation (None if none).
    """
    return (
        Trial.objects.select_related(
            "idea__stage", "decision", "created_by", "evaluation__evaluated_by"
        )
        .prefetch_related(
            Prefetch(
                "success_measures",
                queryset=SuccessMeasure.objects.select_related("result").order_by("pk"),
            ),
            Prefetch(
                "log_entries",
                queryset=TrialLogEntry.objects.select_related("author").order_by("-at", "-pk"),
            ),
            Prefetch("methods", queryset=Method.objects.order_by("title", "pk")),
        )
        .get(pk=pk)
    )


def evaluation_of(trial: Trial) -> Evaluation | None:
    """The trial's evaluation, or None (no query for a trial from ``trial_get``)."""
    try:
        return trial.evaluation
    except Evaluation.DoesNotExist:
        return None


def result_of(measure: SuccessMeasure) -> MeasureResult | None:
    """The measure's result, or None (no query for a measure from ``trial_get``)."""
    try:
        return measure.result
    except MeasureResult.DoesNotExist:
        return None


def idea_may_be_implemented(*, idea: Idea) -> bool:
    """Tell whether an evaluation of one of the idea's trials recommends implementing it."""
    return Evaluation.objects.filter(
        trial__idea=idea, recommendation=Recommendation.IMPLEMENT
    ).exists()


def trials_of_idea(*, idea: Idea) -> QuerySet[Trial]:
    """The idea's trials, as ``trial_list`` gives them."""
    return trial_list(idea=idea)


def ideas_to_test() -> QuerySet[Idea]:
    """Ideas a trial may be planned for: neither closed nor merged, newest first."""
    return (
        Idea.objects.filter(merged_into__isnull=True)
        .exclude(stage__kind=StageKind.CLOSED)
        .only("pk", "registration_number", "title")
        .order_by("-created_at", "-pk")
    )


def decisions_for_trials() -> QuerySet[Decision]:
    """Council decisions a trial may carry out: fund a test, run a pilot, broaden; newest first."""
    return (
        Decision.objects.filter(
            kind__in=[DecisionKind.FUND_TEST, DecisionKind.PILOT, DecisionKind.BROADEN]
        )
        .select_related("idea")
        .order_by("-decided_on", "-pk")
    )


def methods_to_use() -> QuerySet[Method]:
    """The library's methods and testbeds, by title."""
    return Method.objects.order_by("title", "pk")
