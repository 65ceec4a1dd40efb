"""Reads on the library of methods, tools and testbeds of the current organisation."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tenants.ideas.models import Idea
from tenants.library.models import Method
from tenants.trials.models import Trial


def method_list(*, kind: str | None = None, q: str | None = None) -> QuerySet[Method]:
    """Methods by kind and title, each with ``idea_count`` and ``trial_count``."""
    methods = _with_counts(Method.objects.all()).order_by("kind", "title", "pk")
    if kind:
        methods = methods.filter(kind=kind)
    if q and q.strip():
        words = q.strip()
        methods = methods.filter(
            Q(title__icontains=words)
            | Q(description__icontains=words)
            | Q(location__icontains=words)
        )
    return methods


def method_get(*, pk: int) -> Method:
    """One method with its counts, linked ideas (with stage) and trials (with idea).

    Raises ``Method.DoesNotExist``.
    """
    return (
        _with_counts(Method.objects.select_related("created_by"))
        .prefetch_related(
            Prefetch(
                "ideas",
                queryset=Idea.objects.select_related("stage").order_by("-created_at", "-pk"),
            ),
            Prefetch(
                "trials",
                queryset=Trial.objects.select_related("idea").order_by("-starts_on", "-pk"),
            ),
        )
        .get(pk=pk)
    )


def idea_by_registration_number(*, registration_number: str) -> Idea | None:
    """The idea with this registration number (diarienummer), or None."""
    return Idea.objects.filter(registration_number=registration_number.strip()).first()


def _with_counts(methods: QuerySet[Method]) -> QuerySet[Method]:
    # Subqueries, not joins: two many-to-many joins would multiply the rows.
    idea_links = Method.ideas.through.objects.filter(method_id=OuterRef("pk"))
    trial_links = Trial.methods.through.objects.filter(method_id=OuterRef("pk"))
    return methods.annotate(idea_count=_count(idea_links), trial_count=_count(trial_links))


def _count(links: QuerySet) -> Coalesce:
    counted = links.order_by().values("method_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
