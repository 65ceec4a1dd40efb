"""Reads of the network: the feed, search with filters, item pages, shared needs, similar work.

Only public tables are read here, never a tenant schema. Search combines
Swedish full text (``search_vector``) with trigram similarity on the title,
so a misspelt or inflected word still finds its item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Coalesce

from network.exchange.models import (
    CoSignature,
    Follow,
    Publication,
    PublicationKind,
    PublicationStatus,
)

# Columns a list needs; the long body and the evidence stay out of list queries.
LIST_FIELDS = (
    "pk",
    "organization_id",
    "kind",
    "source_id",
    "title",
    "summary",
    "area",
    "category",
    "tags",
    "stage",
    "stage_name",
    "outcome",
    "origin_name",
    "county_code",
    "municipality_codes",
    "population_band",
    "status",
    "cosign_count",
    "published_at",
    "updated_at",
)
SHARED_NEEDS_MIN_DEFAULT = 2
# Full text finding fewer than this many items brings trigram similarity in.
TRIGRAM_BELOW = 25
# A search lists at most this many items (like most search engines): the count of a
# broad search stops there instead of counting every match.
MAX_RESULTS = 1_000
SIMILAR_WORDS_MAX = 12
SIMILAR_WORD_MIN_LENGTH = 4
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks for; empty values filter nothing."""

    q: str = ""
    kind: str = ""
    area: str = ""
    county: str = ""
    population_band: str = ""
    stage: str = ""
    outcome: str = ""
    min_cosigns: int | None = None

    @classmethod
    def of(cls, values: dict[str, Any]) -> SearchFilters:
        """Build from validated form or serializer data, ignoring other keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v not in (None, "")})

    @property
    def is_empty(self) -> bool:
        return self == SearchFilters()


def publications_published() -> QuerySet[Publication]:
    return Publication.objects.published()


@dataclass(frozen=True)
class RankedSearch:
    """A search with words, best match first: full text, or with trigram similarity joining in.

    Trigram similarity finds what full text misses (a misspelt or unknown word).
    It costs a recheck of every candidate title, so it joins in only when full
    text finds less than a page. That is decided by the full-text page itself:
    its query carries the number of matches (``COUNT(*) OVER ()``), so a search
    whose words find a page or more costs one query, with no count before it.
    ``CappedPaginator`` pages it.
    """

    full_text: QuerySet[Publication]
    with_trigram: QuerySet[Publication]

    def page(self, *, bottom: int, top: int) -> tuple[list[Publication], int | None]:
        """The rows from ``bottom`` to ``top`` and the number of matches (at most MAX_RESULTS).

        The number is None when the page is empty: past the last page, ``count()`` tells.
        """
        rows = _ranked_rows(self.full_text, bottom, top)
        if rows and rows[0].matches >= TRIGRAM_BELOW:  # type: ignore[attr-defined]
            return rows, min(rows[0].matches, MAX_RESULTS)  # type: ignore[attr-defined]
        if not rows and bottom > 0 and self._full_text_suffices():
            return [], None  # past the last page of a full-text search
        rows = _ranked_rows(self.with_trigram, bottom, top)
        if not rows:
            return [], None
        return rows, min(rows[0].matches, MAX_RESULTS)  # type: ignore[attr-defined]

    def count(self) -> int:
        """How many items match; counting stops at MAX_RESULTS."""
        chosen = self.full_text if self._full_text_suffices() else self.with_trigram
        return int(chosen.order_by().values("pk")[:MAX_RESULTS].count())

    def __getitem__(self, index: slice) -> list[Publication]:
        bottom = index.start or 0
        if index.stop is not None and index.stop <= bottom:
            return []
        return self.page(bottom=bottom, top=index.stop)[0]

    def _full_text_suffices(self) -> bool:
        return self.full_text.order_by()[:TRIGRAM_BELOW].count() >= TRIGRAM_BELOW


def _ranked_rows(queryset: QuerySet[Publication], bottom: int, top: int) -> list[Publication]:
    """One page of a ranked search, each row carrying the number of matches (``matches``).

    Ranking and counting run over narrow rows (id, rank, date) in a subquery, and
    only the page's rows are read whole: a window over every match's full row
    spilled to disk and took twice as long for a broad word ("hemtjänst", 5,096
    matches: 70 ms against 30 ms). Django cannot join a subquery, hence the SQL.
    """
    page = queryset.annotate(matches=Window(Count("pk"))).values(
        "id", "published_at", "rank", "matches"
    )[bottom:top]
    page_sql, params = page.query.sql_with_params()
    table = Publication._meta.db_table
    column_of = {field.attname: field.column for field in Publication._meta.concrete_fields}
    columns = ", ".join(f'p."{column_of[name]}"' for name in LIST_FIELDS if name != "pk")
    return list(
        Publication.objects.raw(
            f'SELECT p."id", {columns}, page."rank", page."matches" '  # noqa: S608
            f'FROM "{table}" p JOIN ({page_sql}) page ON page."id" = p."id" '
            'ORDER BY page."rank" DESC, page."published_at" DESC, p."id" DESC',
            params,
        )
    )


def publication_search(*, filters: SearchFilters) -> QuerySet[Publication] | RankedSearch:
    """Published items matching ``filters``: best match first with words, else newest first."""
    queryset = Publication.objects.published().only(*LIST_FIELDS)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.area:
        queryset = queryset.filter(area__iexact=filters.area)
    if filters.county:
        queryset = queryset.filter(county_code=filters.county)
    if filters.population_band:
        queryset = queryset.filter(population_band=filters.population_band)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.min_cosigns:
        queryset = queryset.filter(cosign_count__gte=filters.min_cosigns)
    q = filters.q.strip()
    if not q:
        return queryset.order_by("-published_at", "-pk")
    query = SearchQuery(q, search_type="websearch", config="swedish")
    return RankedSearch(
        full_text=queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-published_at", "-pk"),
        with_trigram=queryset.filter(Q(search_vector=query) | Q(title__trigram_word_similar=q))
        .annotate(
            rank=SearchRank(F("search_vector"), query)
            + Coalesce(TrigramWordSimilarity(q, "title"), Value(0.0), output_field=FloatField())
        )
        .order_by("-rank", "-published_at", "-pk"),
    )


def publication_feed(*, limit: int = 20) -> list[Publication]:
    """What is new in the network, newest first."""
    return list(publication_search(filters=SearchFilters())[:limit])


def publication_visible(
    *, pk: int, organization_id: int | None, person_id: int | None = None
) -> Publication | None:
    """The item if it is published (or withdrawn but ``organization_id``'s), else None.

    It carries ``following`` (whether ``person_id`` follows it for
    ``organization_id``) and, for a need, ``cosigners``. One query for an idea
    or a method, two for a need.
    """
    visible = Q(status=PublicationStatus.PUBLISHED)
    if organization_id is not None:
        visible |= Q(organization_id=organization_id)
    queryset = Publication.objects.filter(visible, pk=pk)
    if person_id is not None and organization_id is not None:
        queryset = queryset.annotate(
            following=Exists(
                Follow.objects.filter(
                    publication=OuterRef("pk"),
                    person_id=person_id,
                    organization_id=organization_id,
                )
            )
        )
    else:
        queryset = queryset.annotate(following=Value(False))
    publication = queryset.first()
    if publication is None:
        return None
    publication.cosigners = (  # type: ignore[attr-defined]
        list(CoSignature.objects.filter(publication=publication).order_by("created_at", "pk"))
        if publication.kind == PublicationKind.NEED
        else []
    )
    return publication


def publication_of_source(*, organization_id: int, kind: str, source_id: int) -> Publication | None:
    """An organisation's publication of one of its own rows, published or withdrawn."""
    return Publication.objects.filter(
        organization_id=organization_id, kind=kind, source_id=source_id
    ).first()


def shared_needs(*, min_organizations: int = SHARED_NEEDS_MIN_DEFAULT) -> QuerySet[Publication]:
    """Published needs that at least ``min_organizations`` organisations have (origin included).

    The candidate list for a joint idea call or a joint innovation procurement,
    most shared first, each with its co-signatures.
    """
    return (
        Publication.objects.published()
        .filter(kind=PublicationKind.NEED, cosign_count__gte=max(min_organizations - 1, 0))
        .prefetch_related(
            Prefetch(
                "cosignatures",
                CoSignature.objects.order_by("organization_name", "pk"),
                to_attr="cosigners",
            )
        )
        .order_by("-cosign_count", "-published_at", "-pk")
    )


def similar_words(text: str) -> list[str]:
    """The longest distinct words of ``text``, for an any-word search."""
    words = {w.lower() for w in WORD.findall(text or "") if len(w) >= SIMILAR_WORD_MIN_LENGTH}
    return sorted(words, key=lambda w: (-len(w), w))[:SIMILAR_WORDS_MAX]


def publication_similar(
    *,
    text: str,
    title: str = "",
    exclude_organization_id: int | None = None,
    limit: int = 5,
) -> list[Publication]:
    """Published items from other organisations that resemble ``text`` (similar work elsewhere).

    Any of the text's significant words (Swedish stemming), or a title that is
    trigram-similar to ``title``; best match first.
    """
    words = similar_words(f"{title} {text}")
    if not words:
        return []
    query = SearchQuery(" | ".join(words), search_type="raw", config="swedish")
    title = (title or "").strip()
    condition = Q(search_vector=query)
    rank: Any = SearchRank(F("search_vector"), query)
    if title:
        condition |= Q(title__trigram_word_similar=title)
        rank = rank + Coalesce(
            TrigramWordSimilarity(title, "title"), Value(0.0), output_field=FloatField()
        )
    queryset = Publication.objects.published().filter(condition).only(*LIST_FIELDS)
    if exclude_organization_id is not None:
        queryset = queryset.exclude(organization_id=exclude_organization_id)
    return list(queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")[:limit])
