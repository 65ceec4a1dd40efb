"""Reads on the ideas of the current organisation (its schema is the only one in reach).

Lists carry ``support_count`` and ``follower_count`` as annotations, so pages
that show them need no query per idea.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from tenants.ideas.models import Follow, Idea, Stage, StageChange, Support
from tenants.needs.models import Need, NeedStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")
INBOX_LIMIT = 50
# Enough words of a long text to find its neighbours; more only slow the query down.
SIMILAR_MAX_WORDS = 40
SIMILAR_TITLE_CHARS = 100
SIMILAR_CANDIDATES = 50


@dataclass
class IdeaFilters:
    """What a list of ideas is narrowed to; every field left as None narrows nothing."""

    stage: str | None = None  # a stage key
    call_id: int | None = None
    need_id: int | None = None
    audience: str | None = None
    unit: str | None = None
    coach_id: int | None = None  # the person currently coaching the idea
    municipality_code: str | None = None  # in a group: which municipality the idea concerns
    submitted_from: date | None = None
    submitted_to: date | None = None  # inclusive
    q: str | None = None
    public_only: bool = False


def idea_list(*, filters: IdeaFilters) -> QuerySet[Idea]:
    """Ideas matching ``filters``, newest first, or best match first when searching.

    ``q`` matches the Swedish full text of title, description and benefit, or
    resembles words of the title (trigrams: typos and parts of compound words).
    Each idea carries ``support_count`` and ``follower_count``, and when
    searching ``search_rank``.
    """
    ideas = _with_counts(_filtered(filters).select_related("stage", "call"))
    q = (filters.q or "").strip()
    if q:
        return ideas.order_by("-search_rank", "-created_at", "-pk")
    return ideas.order_by("-created_at", "-pk")


def idea_board(*, filters: IdeaFilters, per_stage: int = 50) -> list[tuple[Stage, list[Idea], int]]:
    """Every active stage in order with its newest ``per_stage`` matching ideas and their total.

    Four queries however many ideas: the stages, the totals, which ideas to show, and those.
    """
    stages = stage_list()
    if not stages:
        return []
    matching = _filtered(filters)
    totals = dict(
        matching.order_by()
        .values_list("stage_id")
        .annotate(n=Count("pk"))
        .values_list("stage_id", "n")
    )
    # The newest of each stage by a range scan of the index (stage, -created_at), all
    # in one UNION ALL. Only those ideas are then read in full, by their ids: handed
    # a list, the planner cannot guess wrong and scan every idea to join them.
    newest_per_stage = [
        matching.filter(stage_id=stage.pk).order_by("-created_at", "-pk").values("pk")[:per_stage]
        for stage in stages
    ]
    chosen = list(
        newest_per_stage[0].union(*newest_per_stage[1:], all=True).values_list("pk", flat=True)
    )
    newest = _with_counts(_ideas().filter(pk__in=chosen).select_related("stage", "call")).order_by(
        "stage_id", "-created_at", "-pk"
    )
    by_stage: dict[int, list[Idea]] = defaultdict(list)
    for idea in newest:
        by_stage[idea.stage_id].append(idea)
    return [(stage, by_stage[stage.pk], totals.get(stage.pk, 0)) for stage in stages]


def idea_get(*, pk: int) -> Idea:
    """One idea with its stage, call, needs, attachments and history; raises Idea.DoesNotExist."""
    return (
        _with_counts(_ideas().select_related("stage", "call", "merged_into"))
        .prefetch_related(
            "needs",
            "attachments",
            Prefetch("stage_changes", queryset=_history()),
        )
        .get(pk=pk)
    )


def idea_history(*, idea: Idea) -> list[StageChange]:
    """Every move of the idea in the order it happened, with both stages."""
    cache = getattr(idea, "_prefetched_objects_cache", {})
    if "stage_changes" in cache:
        return list(cache["stage_changes"])
    return list(_history().filter(idea=idea))


def ideas_similar(
    *, text: str, exclude_id: int | None = None, limit: int = 5, public_only: bool = False
) -> list[Idea]:
    """Ideas that resemble ``text`` (a title, or a title and a description), best first.

    Any of the text's words may match the Swedish full text; the start of the
    text is also compared with titles by trigrams. Merged ideas are left out:
    their content lives on in the idea they were merged into.
    """
    words = list(dict.fromkeys(re.findall(r"\w{2,}", text.casefold())))[:SIMILAR_MAX_WORDS]
    if not words:
        return []
    # websearch syntax: "or" between words, and it never fails on what a user typed.
    query = SearchQuery(" or ".join(words), config="swedish", search_type="websearch")
    start = " ".join(text.split())[:SIMILAR_TITLE_CHARS]
    rank = SearchRank(F("search_vector"), query)
    similarity = TrigramSimilarity("title", start)
    eligible = Idea.objects.filter(merged_into__isnull=True)
    if exclude_id is not None:
        eligible = eligible.exclude(pk=exclude_id)
    if public_only:
        eligible = eligible.filter(is_public=True)
    # The best few by each measure, each found through its own index; only these are
    # ranked by both. An OR over both would rank every idea sharing one common word.
    candidates = (
        eligible.filter(search_vector=query).order_by(rank.desc()).values("pk")[:SIMILAR_CANDIDATES]
    ).union(
        eligible.filter(title__trigram_similar=start)
        .order_by(similarity.desc())
        .values("pk")[:SIMILAR_CANDIDATES]
    )
    ideas = (
        _with_counts(_ideas().filter(pk__in=candidates))
        .annotate(similarity=rank + similarity)
        .select_related("stage", "call")
        .order_by("-similarity", "-created_at", "-pk")
    )
    return list(ideas[:limit])


class Inbox(TypedDict):
    """What waits for triage: new ideas and open needs, newest first."""

    ideas: list[Idea]
    idea_count: int
    needs: list[Need]
    need_count: int


def inbox(*, limit: int = INBOX_LIMIT) -> Inbox:
    """Ideas in the entry stage and open needs not yet triaged, newest first, at most ``limit``."""
    ideas = _ideas().filter(stage__is_entry=True)
    needs = Need.objects.filter(status=NeedStatus.OPEN)
    return {
        "ideas": list(
            _with_counts(ideas.select_related("stage", "call")).order_by("-created_at", "-pk")[
                :limit
            ]
        ),
        "idea_count": ideas.count(),
        "needs": list(needs.order_by("-created_at", "-pk")[:limit]),
        "need_count": needs.count(),
    }


def stage_list() -> list[Stage]:
    """The stages in use, in pipeline order."""
    return list(Stage.objects.filter(is_active=True).order_by("position", "pk"))


def support_count(*, idea: Idea) -> int:
    """How many people and contacts support the idea."""
    return Support.objects.filter(idea=idea).count()


def follower_count(*, idea: Idea) -> int:
    """How many people and contacts follow the idea."""
    return Follow.objects.filter(idea=idea).count()


def _ideas() -> QuerySet[Idea]:
    """Ideas without their search vector: only the database reads it."""
    return Idea.objects.defer("search_vector")


def _filtered(filters: IdeaFilters) -> QuerySet[Idea]:
    ideas = _ideas()
    if filters.stage:
        ideas = ideas.filter(stage__key=filters.stage)
    if filters.call_id is not None:
        ideas = ideas.filter(call_id=filters.call_id)
    if filters.need_id is not None:
        ideas = ideas.filter(needs__id=filters.need_id)
    if filters.audience:
        ideas = ideas.filter(audience=filters.audience)
    if filters.unit:
        ideas = ideas.filter(unit__iexact=filters.unit.strip())
    if filters.municipality_code:
        ideas = ideas.filter(municipality_code=filters.municipality_code)
    if filters.coach_id is not None:
        ideas = ideas.filter(
            coach_assignments__coach_id=filters.coach_id, coach_assignments__ended_at__isnull=True
        )
    # Whole days in Swedish time, as bounds on the column so its index can serve them.
    if filters.submitted_from is not None:
        ideas = ideas.filter(created_at__gte=_start_of(filters.submitted_from))
    if filters.submitted_to is not None:
        ideas = ideas.filter(created_at__lt=_start_of(filters.submitted_to + timedelta(days=1)))
    if filters.public_only:
        ideas = ideas.filter(is_public=True)
    q = (filters.q or "").strip()
    if q:
        query = SearchQuery(q, config="swedish", search_type="websearch")
        ideas = ideas.filter(Q(search_vector=query) | Q(title__trigram_word_similar=q)).annotate(
            search_rank=SearchRank(F("search_vector"), query) + TrigramWordSimilarity(q, "title")
        )
    return ideas


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=STOCKHOLM)


def _with_counts(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    """Annotate supporters and followers; a subquery each, so the two never multiply."""
    return ideas.annotate(
        support_count=_count_per_idea(Support.objects.all()),
        follower_count=_count_per_idea(Follow.objects.all()),
    )


def _count_per_idea(rows: QuerySet[Support] | QuerySet[Follow]) -> Coalesce:
    per_idea = (
        rows.filter(idea=OuterRef("pk"))
        .order_by()
        .values("idea")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_idea, output_field=IntegerField()), Value(0))


def _history() -> QuerySet[StageChange]:
    return StageChange.objects.select_related("from_stage", "to_stage").order_by("at", "pk")
