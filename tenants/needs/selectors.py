"""Reads on the needs bank of the current organisation."""

from __future__ import annotations

from django.db.models import Count, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tenants.audit.models import AuditEvent
from tenants.calls import selectors as call_selectors
from tenants.calls.models import IdeaCall
from tenants.ideas.models import Idea
from tenants.needs.models import Need, NeedStatus


def need_list(
    *,
    status: str | None = None,
    tag: str | None = None,
    q: str | None = None,
    source: str | None = None,
    municipality_code: str | None = None,
) -> QuerySet[Need]:
    """Needs of this organisation, newest first, each with ``idea_count`` and ``call_count``."""
    needs = _with_counts(Need.objects.select_related("created_by")).order_by("-created_at", "-pk")
    if status:
        needs = needs.filter(status=status)
    if source:
        needs = needs.filter(source=source)
    if municipality_code:
        needs = needs.filter(municipality_code=municipality_code)
    if tag and tag.strip():
        needs = needs.filter(tags__contains=[tag.strip().lower()])
    if q and q.strip():
        words = q.strip()
        needs = needs.filter(
            Q(title__icontains=words)
            | Q(description__icontains=words)
            | Q(unit__icontains=words)
            | Q(affected__icontains=words)
        )
    return needs


def need_get(*, pk: int) -> Need:
    """One need with its counts, its linked ideas (with stage) and calls (with idea counts).

    Raises ``Need.DoesNotExist``.
    """
    return (
        _with_counts(Need.objects.select_related("created_by"))
        .prefetch_related(
            Prefetch(
                "ideas",
                queryset=Idea.objects.select_related("stage").order_by("-created_at", "-pk"),
            ),
            Prefetch(
                "calls",
                queryset=call_selectors.call_list().prefetch_related(None),
            ),
        )
        .get(pk=pk)
    )


def need_counts_by_status() -> dict[str, int]:
    """How many needs are in each status, every status present."""
    counts = dict(
        Need.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in NeedStatus.values}


def need_tags() -> list[str]:
    """Every tag in use, alphabetically: the choices of the tag filter."""
    return list(
        Need.objects.annotate(tag=Func("tags", function="unnest"))
        .values_list("tag", flat=True)
        .distinct()
        .order_by("tag")
    )


def need_history(*, need: Need) -> QuerySet[AuditEvent]:
    """What happened to a need (registered, changed, triaged), oldest first, with who did it.

    Read from the organisation's audit log, so another organisation's need with
    the same id never shows.
    """
    return (
        AuditEvent.objects.filter(
            object_type=Need._meta.label_lower, object_id=str(need.pk), action__startswith="need."
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def _with_counts(needs: QuerySet[Need]) -> QuerySet[Need]:
    # Subqueries, not joins: two many-to-many joins would multiply the rows.
    idea_links = Idea.needs.through.objects.filter(need_id=OuterRef("pk"))
    call_links = IdeaCall.needs.through.objects.filter(need_id=OuterRef("pk"))
    return needs.annotate(
        idea_count=_count(idea_links),
        call_count=_count(call_links),
    )


def _count(links: QuerySet) -> Coalesce:
    counted = links.order_by().values("need_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
