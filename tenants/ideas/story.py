"""The idea's whole story on one page: coach, next steps, council, tests, methods, network.

Read-only, for the idea page and its API. Each part is one query (people in
the public schema come with their rows over the shared search path), so the
page's query count does not grow with the story's length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Prefetch

from tenants.audit.models import AuditEvent
from tenants.coaching.models import CoachAssignment, NextStep
from tenants.council.models import Decision
from tenants.ideas.models import Idea
from tenants.library.models import Method
from tenants.trials.models import SuccessMeasure, Trial

CORRECTED = "idea.corrected"


@dataclass(frozen=True)
class IdeaStory:
    coach: CoachAssignment | None
    next_steps: list[NextStep]
    decisions: list[Decision]
    trials: list[Trial]
    methods: list[Method]
    merged_ideas: list[Idea]
    corrections: list[AuditEvent]
    provenance: Any = None
    adopted_by: list[Any] = field(default_factory=list)


def idea_story(*, idea: Idea, include_internal: bool) -> IdeaStory:
    """Everything that happened to ``idea`` beyond its stage history.

    Coach notes stay on the coaching page; next steps and corrections show to
    roles that may read internal data (``include_internal``), since they name
    staff and what was changed.
    """
    coach = (
        CoachAssignment.objects.filter(idea=idea, ended_at__isnull=True)
        .select_related("coach")
        .first()
    )
    steps = (
        list(
            NextStep.objects.filter(idea=idea)
            .select_related("owner")
            .order_by("done_at", "due_on", "pk")
        )
        if include_internal
        else []
    )
    decisions = list(
        Decision.objects.filter(idea=idea)
        .select_related("agenda_item__meeting")
        .order_by("decided_on", "pk")
    )
    trials = list(
        Trial.objects.filter(idea=idea)
        .select_related("evaluation", "decision")
        .prefetch_related(
            Prefetch(
                "success_measures",
                queryset=SuccessMeasure.objects.select_related("result").order_by("pk"),
            ),
            "methods",
        )
        .order_by("starts_on", "pk")
    )
    own_methods = list(idea.methods.order_by("title", "pk"))
    methods = {method.pk: method for method in own_methods}
    for trial in trials:
        for method in trial.methods.all():
            methods.setdefault(method.pk, method)
    merged = list(Idea.objects.filter(merged_into=idea).order_by("created_at", "pk"))
    corrections = (
        list(
            AuditEvent.objects.filter(
                object_type=Idea._meta.label_lower, object_id=str(idea.pk), action=CORRECTED
            )
            .select_related("actor")
            .order_by("at", "pk")
        )
        if include_internal
        else []
    )
    for event in corrections:
        # The fields' names as the page shows them, in the reader's language.
        event.changed = [  # type: ignore[attr-defined]
            str(getattr(Idea._meta.get_field(name), "verbose_name", name)) for name in event.before
        ]
    provenance, adopted_by = _network(idea)
    return IdeaStory(
        coach=coach,
        next_steps=steps,
        decisions=decisions,
        trials=trials,
        methods=sorted(methods.values(), key=lambda m: (m.title, m.pk)),
        merged_ideas=merged,
        corrections=corrections,
        provenance=provenance,
        adopted_by=adopted_by,
    )


def _network(idea: Idea) -> tuple[Any, list[Any]]:
    """Where the idea came from in the network, and which organisations adopted it."""
    if not apps.is_installed("tenants.adopted"):
        return None, []
    from network.adoptions.models import Adoption
    from tenants.adopted.models import Provenance

    provenance = Provenance.objects.filter(idea=idea).first()
    organization: Any = getattr(connection, "tenant", None)
    adopted_by = list(
        Adoption.objects.filter(
            publication__organization_id=getattr(organization, "pk", 0),
            publication__kind="idea",
            publication__source_id=idea.pk,
        )
        .select_related("organization")
        .order_by("adopted_at", "pk")
    )
    return provenance, adopted_by
