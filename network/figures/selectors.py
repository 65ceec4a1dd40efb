"""Reads of the kept figures: public tables only, never a tenant schema.

Without a filter on kind of organisation or population band, figures come
from the kept roll-ups (``AreaMonthCount``: the country, or one county); with
one, from a single aggregate over the organisations' rows joined to their
organisation. Either way one query per table, whatever the number of
organisations. Organisations are named only where they agreed
(``Organization.is_named_in_figures``); small groups in the equality funnel
are suppressed (``shared.core.suppression``).
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from network.figures import dimensions as d
from network.figures.models import (
    NATIONAL,
    AreaMonthCount,
    FillState,
    OrganizationMonthCount,
)
from shared.core import geography
from shared.core.suppression import MIN_GROUP, Cell, suppress
from shared.organizations.models import Organization, OrganizationKind

ZERO = Decimal("0.00")
Figures = dict[tuple[str, str, str], tuple[int, Decimal]]

# Population bands (the exchange's, so "organisations like us" means the same everywhere).
BANDS: dict[str, tuple[int, int | None]] = {
    "lt10k": (0, 10_000),
    "10k": (10_000, 25_000),
    "25k": (25_000, 50_000),
    "50k": (50_000, 100_000),
    "100k": (100_000, None),
}
KINDS = (
    OrganizationKind.MUNICIPALITY,
    OrganizationKind.MUNICIPALITY_GROUP,
    OrganizationKind.PARTNER,
)
GENDERS = ("woman", "man", "other", d.NOT_STATED)
AUDIENCES = ("staff", "citizen", "business", "association")


def band_of(population: int) -> str:
    for band, (low, high) in BANDS.items():
        if population >= low and (high is None or population < high):
            return band
    return "100k"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Scope:
    """Which figures: an area (the country or a county), months, kind and population band."""

    area: str = NATIONAL
    month_from: datetime.date | None = None
    month_to: datetime.date | None = None
    kind: str = ""
    band: str = ""
    # One organisation (only one that agreed to be named: see ``ScopeForm``).
    organization_id: int | None = None

    @property
    def uses_rollup(self) -> bool:
        return not self.kind and not self.band and self.organization_id is None

    @property
    def is_national(self) -> bool:
        return self.area == NATIONAL

    def months_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.month_from is not None:
            q &= Q(**{f"{prefix}month__gte": self.month_from})
        if self.month_to is not None:
            q &= Q(**{f"{prefix}month__lte": self.month_to})
        return q

    def without_area(self) -> Scope:
        return Scope(NATIONAL, self.month_from, self.month_to, self.kind, self.band)

    def without_organization(self) -> Scope:
        return Scope(self.area, self.month_from, self.month_to, self.kind, self.band)


def organizations(scope: Scope) -> QuerySet[Organization]:
    """The organisations a scope covers (every organisation with a schema, filtered)."""
    found = Organization.objects.tenants()
    if not scope.is_national:
        found = found.filter(county_code=scope.area)
    if scope.kind:
        found = found.filter(kind=scope.kind)
    if scope.organization_id is not None:
        found = found.filter(pk=scope.organization_id)
    if scope.band:
        low, high = BANDS[scope.band]
        found = found.filter(population__gte=low)
        if high is not None:
            found = found.filter(population__lt=high)
    return found


def _rows(scope: Scope, dimensions: Iterable[str]) -> QuerySet[Any]:
    if scope.uses_rollup:
        return AreaMonthCount.objects.filter(
            scope.months_q(), area=scope.area, dimension__in=list(dimensions)
        )
    return OrganizationMonthCount.objects.filter(
        scope.months_q(),
        dimension__in=list(dimensions),
        organization__in=organizations(scope).values("pk"),
    )


def totals(scope: Scope, dimensions: Iterable[str]) -> Figures:
    """Each (dimension, key, group) of ``dimensions`` over the scope's months: count and SEK."""
    return {
        (row["dimension"], row["key"], row["group"]): (int(row["n"]), row["sek"] or ZERO)
        for row in _rows(scope, dimensions)
        .values("dimension", "key", "group")
        .annotate(n=Sum("value"), sek=Sum("amount_sek"))
        .order_by()
    }


def monthly(scope: Scope, dimension: str, key: str | None = None, group: str = "") -> list[Any]:
    """Month by month: (month, count, SEK) of one dimension (one key of it, or all keys)."""
    rows = _rows(scope, [dimension]).filter(group=group)
    if key is not None:
        rows = rows.filter(key=key)
    return [
        (row["month"], int(row["n"]), row["sek"] or ZERO)
        for row in rows.values("month")
        .annotate(n=Sum("value"), sek=Sum("amount_sek"))
        .order_by("month")
    ]


def by_county(scope: Scope, dimension: str, key: str = "", group: str = "") -> dict[str, int]:
    """One figure per county (the scope's area is ignored), for the map and its table."""
    if scope.uses_rollup:
        area_rows = (
            AreaMonthCount.objects.filter(
                scope.months_q(), dimension=dimension, key=key, group=group
            )
            .exclude(area=NATIONAL)
            .values("area")
            .annotate(n=Sum("value"))
            .order_by()
        )
        found = {row["area"]: int(row["n"]) for row in area_rows}
    else:
        rows = (
            OrganizationMonthCount.objects.filter(
                scope.months_q(),
                dimension=dimension,
                key=key,
                group=group,
                organization__in=organizations(scope.without_area()).values("pk"),
            )
            .values("organization__county_code")
            .annotate(n=Sum("value"))
            .order_by()
        )
        found = {row["organization__county_code"]: int(row["n"]) for row in rows}
    return {code: found.get(code, 0) for code in geography.counties()}


@dataclass(frozen=True)
class Freshness:
    """How up to date a scope's figures are: every change before ``counted_through`` is in."""

    organizations: int
    counted_through: datetime.datetime | None
    waiting: int
    never_counted: int

    @property
    def age_seconds(self) -> float | None:
        if self.counted_through is None:
            return None
        return (timezone.now() - self.counted_through).total_seconds()


def freshness(scope: Scope) -> Freshness:
    """How fresh the scope's figures are: one query over its organisations and their fill state."""
    included = organizations(scope)
    states = (
        included.annotate(
            counted_through=Subquery(
                FillState.objects.filter(organization_id=OuterRef("pk")).values("counted_through")[
                    :1
                ]
            ),
            dirty_since=Subquery(
                FillState.objects.filter(organization_id=OuterRef("pk")).values("dirty_since")[:1]
            ),
        )
        .order_by()
        .aggregate(
            total=Count("pk"),
            oldest=Min("counted_through"),
            counted=Count("pk", filter=Q(counted_through__isnull=False)),
            waiting=Count("pk", filter=Q(dirty_since__isnull=False)),
        )
    )
    return Freshness(
        organizations=states["total"],
        counted_through=states["oldest"],
        waiting=states["waiting"],
        never_counted=states["total"] - states["counted"],
    )


# --- Headline indicators (what a funder asks for) -------------------------------------


@dataclass(frozen=True)
class Headline:
    ideas_received: int
    ideas_tested: int
    ideas_implemented: int
    decisions: int
    granted_sek: Decimal
    adoptions: int
    cosignatures: int
    managers_trained: int
    activities: int
    participants: int

    @property
    def share_tested(self) -> float | None:
        return self.ideas_tested / self.ideas_received if self.ideas_received else None

    @property
    def share_implemented(self) -> float | None:
        return self.ideas_implemented / self.ideas_received if self.ideas_received else None


HEADLINE_DIMENSIONS = (
    d.IDEAS_RECEIVED,
    d.FUNNEL,
    d.DECISIONS,
    d.ADOPTIONS_MADE,
    d.COSIGNATURES_GIVEN,
    d.MANAGERS_TRAINED,
    d.ACTIVITIES,
    d.PARTICIPANTS,
)


def _headline_of(figures: Figures) -> Headline:
    def count(dimension: str, key: str | None = "", group: str = "") -> int:
        return sum(
            value
            for (dim, k, g), (value, _sek) in figures.items()
            if dim == dimension and (key is None or k == key) and g == group
        )

    return Headline(
        ideas_received=count(d.IDEAS_RECEIVED),
        ideas_tested=count(d.FUNNEL, "tested"),
        ideas_implemented=count(d.FUNNEL, "implemented"),
        decisions=count(d.DECISIONS, None),
        granted_sek=sum(
            (sek for (dim, _k, _g), (_v, sek) in figures.items() if dim == d.DECISIONS), ZERO
        ),
        adoptions=count(d.ADOPTIONS_MADE, None),
        cosignatures=count(d.COSIGNATURES_GIVEN),
        managers_trained=count(d.MANAGERS_TRAINED),
        activities=count(d.ACTIVITIES, None),
        participants=count(d.PARTICIPANTS, None),
    )


def headline(scope: Scope) -> Headline:
    """The indicators of the period report, for a scope: one query.

    Of the funnel only the two steps the headline needs, and only their totals.
    """
    rows = _rows(scope, [dim for dim in HEADLINE_DIMENSIONS if dim != d.FUNNEL]) | _rows(
        scope, [d.FUNNEL]
    ).filter(key__in=["tested", "implemented"], group="")
    return _headline_of(
        {
            (row["dimension"], row["key"], row["group"]): (int(row["n"]), row["sek"] or ZERO)
            for row in rows.values("dimension", "key", "group")
            .annotate(n=Sum("value"), sek=Sum("amount_sek"))
            .order_by()
        }
    )


# --- Lead times from the kept histograms ---------------------------------------------


@dataclass(frozen=True)
class LeadTime:
    stage_key: str
    moves: int
    median_days: int
    p90_days: int


def _percentile(histogram: Sequence[tuple[int, int]], share: float) -> int:
    """The day at which ``share`` of the moves had left (whole days, lower end)."""
    total = sum(n for _days, n in histogram)
    wanted, seen = share * total, 0
    for days, n in histogram:
        seen += n
        if seen >= wanted:
            return days
    return histogram[-1][0]


def lead_times(scope: Scope) -> list[LeadTime]:
    """Days in each stage before an idea moved on, in whole days: median and 90th percentile."""
    histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rows = _rows(scope, [d.LEAD_TIME]).values("key", "group").annotate(n=Sum("value")).order_by()
    for row in rows:
        histograms[row["key"]][int(row["group"])] += int(row["n"])
    found = []
    for key, counts in histograms.items():
        histogram = sorted(counts.items())
        found.append(
            LeadTime(
                stage_key=key,
                moves=sum(counts.values()),
                median_days=_percentile(histogram, 0.5),
                p90_days=_percentile(histogram, 0.9),
            )
        )
    order = {key: n for n, key in enumerate(STAGE_ORDER)}
    return sorted(found, key=lambda lt: (order.get(lt.stage_key, 99), lt.stage_key))


STAGE_ORDER = ("received", "screening", "refinement", "test", "evaluation", "implemented")


# --- Equality funnel, suppressed ------------------------------------------------------


@dataclass(frozen=True)
class EqualityRow:
    step: str
    total: Cell
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class EqualitySplit:
    dimension: str
    groups: tuple[str, ...]
    rows: tuple[EqualityRow, ...]


def equality(scope: Scope, *, min_group: int = MIN_GROUP) -> list[EqualitySplit]:
    """Who submits, and whose ideas are coached, decided, funded, tested, implemented.

    By self-declared gender and by audience, for the ideas received in the
    scope's months; a group of 1 to ``min_group - 1`` is hidden, and a second
    cell beside a lone hidden one, so no hidden cell follows from the total.
    """
    figures = totals(scope, [d.FUNNEL])
    splits = []
    for dimension, groups in (("gender", GENDERS), ("audience", AUDIENCES)):
        rows = []
        for step in d.FUNNEL_STEPS:
            total = figures.get((d.FUNNEL, step, ""), (0, ZERO))[0]
            values = [
                figures.get((d.FUNNEL, step, f"{dimension}:{group}"), (0, ZERO))[0]
                for group in groups
            ]
            total_cell, cells = suppress(total=total, values=values, min_group=min_group)
            rows.append(EqualityRow(step=step, total=total_cell, cells=cells))
        splits.append(EqualitySplit(dimension=dimension, groups=groups, rows=tuple(rows)))
    return splits


# --- Organisations, named only where they agreed --------------------------------------


@dataclass(frozen=True)
class OrganizationFigures:
    name: str
    county_code: str
    headline: Headline


@dataclass(frozen=True)
class OrganizationTable:
    named: list[OrganizationFigures]
    unnamed_count: int
    unnamed: Headline | None  # shown only when it sums two or more organisations
    total: Headline


def _per_organization(scope: Scope, dimensions: Iterable[str]) -> dict[int, Figures]:
    rows = (
        OrganizationMonthCount.objects.filter(
            scope.months_q(),
            dimension__in=list(dimensions),
            organization__in=organizations(scope).values("pk"),
        )
        .values("organization_id", "dimension", "key", "group")
        .annotate(n=Sum("value"), sek=Sum("amount_sek"))
        .order_by()
    )
    found: dict[int, Figures] = defaultdict(dict)
    for row in rows:
        found[row["organization_id"]][(row["dimension"], row["key"], row["group"])] = (
            int(row["n"]),
            row["sek"] or ZERO,
        )
    return found


def _add(figures: Iterable[Figures]) -> Figures:
    total: dict[tuple[str, str, str], list[Any]] = defaultdict(lambda: [0, ZERO])
    for one in figures:
        for key, (value, sek) in one.items():
            total[key][0] += value
            total[key][1] += sek
    return {key: (v, s) for key, (v, s) in total.items()}


def organization_table(scope: Scope) -> OrganizationTable:
    """Each named organisation's indicators; the others only inside the total."""
    per = _per_organization(scope, HEADLINE_DIMENSIONS)
    named, unnamed_figures = [], []
    for organization in organizations(scope).order_by("name"):
        figures = per.get(organization.pk, {})
        if organization.is_named_in_figures:
            named.append(
                OrganizationFigures(
                    organization.name, organization.county_code, _headline_of(figures)
                )
            )
        else:
            unnamed_figures.append(figures)
    return OrganizationTable(
        named=named,
        unnamed_count=len(unnamed_figures),
        unnamed=_headline_of(_add(unnamed_figures)) if len(unnamed_figures) >= 2 else None,
        total=_headline_of(_add(per.values())),
    )


# --- Peer benchmarking ("kommuner som liknar oss") -----------------------------------

BENCHMARKS: tuple[tuple[str, str], ...] = (
    ("ideas_per_10k", "ideas per 10 000 inhabitants"),
    ("share_tested", "share of ideas tested"),
    ("share_implemented", "share of ideas implemented"),
    ("sek_per_inhabitant", "SEK granted per inhabitant"),
    ("adoptions", "adoptions from the network"),
    ("managers_trained", "managers trained"),
)


def _benchmark_values(headline_: Headline, population: int) -> dict[str, float | None]:
    per_10k = population / 10_000 if population else None
    return {
        "ideas_per_10k": headline_.ideas_received / per_10k if per_10k else None,
        "share_tested": headline_.share_tested,
        "share_implemented": headline_.share_implemented,
        "sek_per_inhabitant": float(headline_.granted_sek) / population if population else None,
        "adoptions": float(headline_.adoptions),
        "managers_trained": float(headline_.managers_trained),
    }


@dataclass(frozen=True)
class Benchmark:
    indicator: str
    own: float | None
    national_median: float | None
    band_median: float | None
    county_median: float | None
    national_percentile: int | None
    band_percentile: int | None
    county_percentile: int | None


@dataclass(frozen=True)
class PeerBenchmark:
    organization_count: int
    band: str
    band_count: int
    county_code: str
    county_count: int
    benchmarks: list[Benchmark] = field(default_factory=list)


def _percentile_rank(own: float | None, values: list[float]) -> int | None:
    """Share of the group at or below ``own``, in percent (the organisation itself included)."""
    if own is None or not values:
        return None
    at_or_below = sum(1 for value in values if value <= own)
    return round(100 * at_or_below / len(values))


def peer_benchmark(*, organization: Organization, scope: Scope) -> PeerBenchmark:
    """The organisation's indicators beside the medians of the country, its band and county.

    Percentile ranks only: no other organisation is named or can be picked out
    (a group of fewer than ``MIN_GROUP`` organisations shows no median).
    """
    peers = list(
        Organization.objects.tenants()
        .exclude(kind=OrganizationKind.PARTNER)
        .values("pk", "population", "county_code")
    )
    per = _per_organization(scope.without_area(), HEADLINE_DIMENSIONS)
    values = {
        peer["pk"]: _benchmark_values(_headline_of(per.get(peer["pk"], {})), peer["population"])
        for peer in peers
    }
    own_band = band_of(organization.population)
    band_ids = [p["pk"] for p in peers if band_of(p["population"]) == own_band]
    county_ids = [p["pk"] for p in peers if p["county_code"] == organization.county_code]
    own = values.get(organization.pk) or _benchmark_values(
        _headline_of(per.get(organization.pk, {})), organization.population
    )

    def group(ids: Iterable[int], indicator: str) -> list[float]:
        return [v for pk in ids if (v := values[pk][indicator]) is not None]

    def median(found: list[float]) -> float | None:
        return statistics.median(found) if len(found) >= MIN_GROUP else None

    def rank(found: list[float], indicator: str) -> int | None:
        return _percentile_rank(own[indicator], found) if len(found) >= MIN_GROUP else None

    benchmarks = []
    for indicator, _label in BENCHMARKS:
        everyone = group(values, indicator)
        band = group(band_ids, indicator)
        county = group(county_ids, indicator)
        benchmarks.append(
            Benchmark(
                indicator=indicator,
                own=own[indicator],
                national_median=median(everyone),
                band_median=median(band),
                county_median=median(county),
                national_percentile=rank(everyone, indicator),
                band_percentile=rank(band, indicator),
                county_percentile=rank(county, indicator),
            )
        )
    return PeerBenchmark(
        organization_count=len(peers),
        band=own_band,
        band_count=len(band_ids),
        county_code=organization.county_code,
        county_count=len(county_ids),
        benchmarks=benchmarks,
    )
