"""Reads for reports (rapporter): the dashboard and the equality analysis (jämställdhetsanalys).

Every figure is an SQL aggregate: the number of queries and the rows they
return do not grow with the number of ideas, only with the number of stages,
calls and choices. Dates are Swedish calendar days; a period is inclusive at
both ends.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Model, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# Re-exported: the equality analysis and its tests name them here.
from shared.core.suppression import MIN_GROUP, Cell, SuppressionReason, suppress  # noqa: F401
from tenants import municipalities
from tenants.activities.models import Activity, ActivityKind, Participant, ParticipantRole
from tenants.calls.models import IdeaCall
from tenants.coaching.models import CoachAssignment
from tenants.contacts.models import Audience, Gender
from tenants.council.models import CouncilBudget, Decision, DecisionKind
from tenants.ideas.models import Idea, Stage, StageChange, StageKind
from tenants.trials.models import Evaluation, Recommendation, Trial, TrialKind, TrialStatus

# Decisions that give an idea money to go on with (a decline or park does not).
FUNDING_KINDS = (
    DecisionKind.FUND_TEST,
    DecisionKind.PILOT,
    DecisionKind.BROADEN,
    DecisionKind.IMPLEMENT,
)
NOT_STATED = ""
GENDER_GROUPS = (Gender.WOMAN.value, Gender.MAN.value, Gender.OTHER.value, NOT_STATED)
AUDIENCE_GROUPS = tuple(Audience.values)
ZERO = Decimal("0.00")
ALL = "all"  # the row of a table that sums the others


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _day_start(day: datetime.date) -> datetime.datetime:
    """The first instant of ``day`` in Sweden (the default time zone), as an aware datetime."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def _bounds(
    period_from: datetime.date | None, period_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Instants for ``start <= at < end`` covering the days of the period (None: open)."""
    start = _day_start(period_from) if period_from else None
    end = _day_start(period_to + datetime.timedelta(days=1)) if period_to else None
    return start, end


def _day_q(field: str, period_from: datetime.date | None, period_to: datetime.date | None) -> Q:
    q = Q()
    if period_from is not None:
        q &= Q(**{f"{field}__gte": period_from})
    if period_to is not None:
        q &= Q(**{f"{field}__lte": period_to})
    return q


# --- Equality analysis ----------------------------------------------------------------


class FunnelStep:
    SUBMITTED = "submitted"
    COACHED = "coached"
    DECIDED = "decided"
    FUNDED = "funded"
    TESTED = "tested"
    IMPLEMENTED = "implemented"


FUNNEL_STEPS: tuple[tuple[str, Any], ...] = (
    (FunnelStep.SUBMITTED, _("Inlämnade")),
    (FunnelStep.COACHED, _("Coachade")),
    (FunnelStep.DECIDED, _("Beslutade i idérådet")),
    (FunnelStep.FUNDED, _("Finansierade")),
    (FunnelStep.TESTED, _("Testade")),
    (FunnelStep.IMPLEMENTED, _("Införda")),
)


@dataclass(frozen=True)
class FunnelRow:
    """One step of the funnel split into groups; ``cells`` follows ``FunnelSplit.groups``.

    The funded step also carries the SEK granted (``sek``/``total_sek``), hidden
    wherever the count beside it is hidden.
    """

    step: str
    label: Any
    total: Cell
    cells: tuple[Cell, ...]
    total_sek: Decimal | None = None
    sek: tuple[Decimal | None, ...] | None = None


@dataclass(frozen=True)
class FunnelSplit:
    dimension: str  # "gender" or "audience"
    groups: tuple[str, ...]
    rows: tuple[FunnelRow, ...]

    @property
    def group_labels(self) -> list[Any]:
        return [group_label(self.dimension, group) for group in self.groups]


@dataclass(frozen=True)
class EqualityFunnel:
    period_from: datetime.date
    period_to: datetime.date
    min_group: int
    by_gender: FunnelSplit
    by_audience: FunnelSplit


def group_label(dimension: str, group: str) -> Any:
    if dimension == "gender":
        return Gender(group).label if group else _("Ej angivet")
    return Audience(group).label


def _funnel_sql() -> str:
    ideas, stages = _table(Idea), _table(Stage)
    coaching, decisions, trials = _table(CoachAssignment), _table(Decision), _table(Trial)
    # Table names come from the models, never from input.
    return f"""
        WITH cohort AS (
            SELECT i.id, i.submitter_gender AS gender, i.audience,
                   date_trunc('month', i.created_at AT TIME ZONE %(zone)s) AS month,
                   (s.kind = %(done)s) AS implemented
            FROM {ideas} i JOIN {stages} s ON s.id = i.stage_id
            WHERE i.created_at >= %(start)s AND i.created_at < %(end)s
              AND (%(municipality)s = '' OR i.municipality_code = %(municipality)s)
        ),
        coached AS (
            SELECT DISTINCT idea_id FROM {coaching}
            WHERE idea_id IN (SELECT id FROM cohort)
        ),
        decided AS (
            SELECT idea_id,
                   bool_or(kind = ANY(%(funding)s) AND amount_granted_sek > 0) AS funded,
                   SUM(amount_granted_sek) FILTER (
                       WHERE kind = ANY(%(funding)s) AND amount_granted_sek > 0
                   ) AS funded_sek
            FROM {decisions}
            WHERE idea_id IN (SELECT id FROM cohort)
            GROUP BY idea_id
        ),
        tested AS (
            SELECT DISTINCT idea_id FROM {trials}
            WHERE idea_id IN (SELECT id FROM cohort)
        )
        SELECT GROUPING(c.gender) AS all_genders, GROUPING(c.audience) AS all_audiences,
               c.month, c.gender, c.audience,
               COUNT(*) AS submitted,
               COUNT(co.idea_id) AS coached,
               COUNT(d.idea_id) AS decided,
               COUNT(*) FILTER (WHERE d.funded) AS funded,
               COALESCE(SUM(d.funded_sek), 0) AS funded_sek,
               COUNT(t.idea_id) AS tested,
               COUNT(*) FILTER (WHERE c.implemented) AS implemented
        FROM cohort c
        LEFT JOIN coached co ON co.idea_id = c.id
        LEFT JOIN decided d ON d.idea_id = c.id
        LEFT JOIN tested t ON t.idea_id = c.id
        GROUP BY GROUPING SETS ((c.month, c.gender), (c.month, c.audience), (c.month))
    """  # noqa: S608


_COUNT_COLUMNS = [step for step, _label in FUNNEL_STEPS]


def _split(
    dimension: str,
    groups: tuple[str, ...],
    figures: dict[str, dict[str, Any]],
    total: dict[str, Any],
    min_group: int,
) -> FunnelSplit:
    empty = {**dict.fromkeys(_COUNT_COLUMNS, 0), "funded_sek": ZERO, "small_within": set()}
    rows = []
    for step, label in FUNNEL_STEPS:
        values = [figures.get(group, empty)[step] for group in groups]
        total_cell, cells = suppress(
            total=total[step],
            values=values,
            min_group=min_group,
            small_within=[step in figures.get(group, empty)["small_within"] for group in groups],
            total_small_within=step in total["small_within"],
        )
        row = FunnelRow(step=step, label=label, total=total_cell, cells=cells)
        if step == FunnelStep.FUNDED:
            amounts = [Decimal(figures.get(group, empty)["funded_sek"]) for group in groups]
            row = FunnelRow(
                step=step,
                label=label,
                total=total_cell,
                cells=cells,
                total_sek=None if total_cell.suppressed else Decimal(total["funded_sek"]),
                sek=tuple(
                    None if cell.suppressed else amount
                    for cell, amount in zip(cells, amounts, strict=True)
                ),
            )
        rows.append(row)
    return FunnelSplit(dimension=dimension, groups=groups, rows=tuple(rows))


def _months_summed(
    month: dict[str, Any] | None, min_group: int, *, into: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Add one month's figures of a group ``into`` its period's; note the steps small in it."""
    figures = (
        into
        if into is not None
        else {
            **dict.fromkeys(_COUNT_COLUMNS, 0),
            "funded_sek": ZERO,
            "small_within": set(),
        }
    )
    if month is not None:
        for step in _COUNT_COLUMNS:
            figures[step] += month[step]
            if 0 < month[step] < min_group:
                figures["small_within"].add(step)
        figures["funded_sek"] += Decimal(month["funded_sek"])
    return figures


def equality_funnel(
    *,
    period_from: datetime.date,
    period_to: datetime.date,
    min_group: int = MIN_GROUP,
    municipality_code: str | None = None,
) -> EqualityFunnel:
    """Who submits ideas, and whose are coached, decided, funded, tested and implemented.

    The cohort is the ideas submitted (created) from ``period_from`` to
    ``period_to``, both days included. Each later step counts the ideas of
    that cohort that got there at any time, independently of the other steps:
    coached (ever had a coach assignment), decided (any council decision),
    funded (a decision to fund a test, run a pilot, broaden or implement with
    an amount above 0; with the sum of those amounts), tested (any test or
    pilot), implemented (now in a stage of kind "done").

    Each step is split by self-declared gender (woman, man, other, not stated)
    and by audience (staff, citizen, business, association). Only aggregates
    leave this function, and small groups are suppressed (see ``suppress``):
    a group of 1 to ``min_group - 1`` ideas shows no value; 0 is shown; if a
    row would have exactly one hidden cell while its total is shown, the
    smallest other non-zero cell is hidden as well so that the first cannot
    be worked out by subtraction. The SEK of a hidden count is hidden too.

    Across periods: a figure is hidden as small too when, in any calendar
    month of the period (in Swedish time), its group was small, so two
    periods that differ by whole months never show a small group by their
    difference. The pages and the API only offer periods of whole months
    that have ended (``tenants.reports.forms.equality_period_errors``), so
    no two periods differ by less than a month.

    In a group of municipalities ``municipality_code`` narrows the cohort to
    the ideas that concern that municipality.

    One query, whatever the number of ideas.
    """
    start, end = _bounds(period_from, period_to)
    with connection.cursor() as cursor:
        cursor.execute(
            _funnel_sql(),
            {
                "start": start,
                "end": end,
                "zone": str(timezone.get_default_timezone()),
                "municipality": municipality_code or "",
                "done": StageKind.DONE.value,
                "funding": [kind.value for kind in FUNDING_KINDS],
            },
        )
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    by_gender: dict[str, dict[str, Any]] = {}
    by_audience: dict[str, dict[str, Any]] = {}
    total = _months_summed(None, min_group)
    for row in rows:
        if row["all_genders"] and row["all_audiences"]:
            figures = total
        elif row["all_audiences"]:
            figures = by_gender.setdefault(row["gender"], _months_summed(None, min_group))
        else:
            figures = by_audience.setdefault(row["audience"], _months_summed(None, min_group))
        _months_summed(row, min_group, into=figures)
    return EqualityFunnel(
        period_from=period_from,
        period_to=period_to,
        min_group=min_group,
        by_gender=_split("gender", GENDER_GROUPS, by_gender, total, min_group),
        by_audience=_split("audience", AUDIENCE_GROUPS, by_audience, total, min_group),
    )


# --- Dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class StageCount:
    key: str
    name: str
    kind: str
    ideas: int


@dataclass(frozen=True)
class AudienceCount:
    audience: str
    ideas: int

    @property
    def label(self) -> str:
        return str(Audience(self.audience).label)


@dataclass(frozen=True)
class CallCount:
    """Ideas answering a call; ``call_id`` None is the open inflow (no call)."""

    call_id: int | None
    title: str
    ideas: int


@dataclass(frozen=True)
class LeadTime:
    """Days an idea spent in ``from_stage`` before moving on to ``to_stage``."""

    from_stage: str
    from_stage_name: str
    to_stage: str
    to_stage_name: str
    moves: int
    median_days: float
    p90_days: float


@dataclass(frozen=True)
class DecisionCount:
    kind: str
    decisions: int
    granted_sek: Decimal

    @property
    def label(self) -> str:
        return str(DecisionKind(self.kind).label)


@dataclass(frozen=True)
class Budget:
    """The council's budget of ``year`` against what it granted that year (None: no budget)."""

    year: int
    budget_sek: Decimal | None
    granted_sek: Decimal
    decisions: int
    remaining_sek: Decimal | None


@dataclass(frozen=True)
class TrialCount:
    status: str
    tests: int
    pilots: int
    total: int

    @property
    def label(self) -> str:
        return str(_("Totalt")) if self.status == ALL else str(TrialStatus(self.status).label)


@dataclass(frozen=True)
class EvaluationCount:
    recommendation: str
    evaluations: int

    @property
    def label(self) -> str:
        return str(Recommendation(self.recommendation).label)


@dataclass(frozen=True)
class ActivityCount:
    """Activities of a kind (None: all kinds) and who took part.

    ``participants`` counts each activity's head count where one was given,
    else its registered participants who attended.
    """

    kind: str | None
    activities: int
    attended_participants: int
    head_count: int
    participants: int

    @property
    def label(self) -> str:
        return str(ActivityKind(self.kind).label) if self.kind else str(_("Totalt"))


@dataclass(frozen=True)
class MunicipalityCount:
    code: str
    name: str
    ideas: int


@dataclass(frozen=True)
class Dashboard:
    period_from: datetime.date | None
    period_to: datetime.date | None
    ideas_total: int
    stages: tuple[StageCount, ...]
    sources: tuple[AudienceCount, ...]
    calls: tuple[CallCount, ...]
    lead_times: tuple[LeadTime, ...]
    decisions: tuple[DecisionCount, ...]
    decisions_total: int
    granted_sek_total: Decimal
    budget: Budget
    trials: tuple[TrialCount, ...]
    trials_total: TrialCount
    evaluations: tuple[EvaluationCount, ...]
    activities: tuple[ActivityCount, ...]
    activities_total: ActivityCount
    managers_trained: int
    # In a group of municipalities: the municipality the figures are narrowed to ("" for all),
    # and the ideas of the period by the municipality they concern ("" for not stated).
    municipality_code: str = ""
    municipalities: tuple[MunicipalityCount, ...] = ()


def dashboard_period(
    *,
    year: int | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
) -> tuple[datetime.date | None, datetime.date | None, int]:
    """The days a dashboard covers and its budget year.

    A year means that calendar year; otherwise the period given (either end may
    be open), and the budget year is the year of its last day, or this year.
    """
    if year is not None:
        if period_from is not None or period_to is not None:
            raise ValueError("Give a year or a period, not both.")
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), year
    if period_from and period_to and period_from > period_to:
        raise ValueError("The period ends before it starts.")
    return period_from, period_to, (period_to or timezone.localdate()).year


def _fetch(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _instant_sql(column: str, start: Any, end: Any, params: dict[str, Any]) -> str:
    """``column`` within ``start <= column < end`` (either may be open), as SQL."""
    conditions = ["TRUE"]
    if start is not None:
        params["start"] = start
        conditions.append(f"{column} >= %(start)s")
    if end is not None:
        params["end"] = end
        conditions.append(f"{column} < %(end)s")
    return " AND ".join(conditions)


def _day_sql(
    column: str,
    period_from: datetime.date | None,
    period_to: datetime.date | None,
    params: dict[str, Any],
) -> str:
    """``column`` (a date) within the days of the period (either end may be open), as SQL."""
    conditions = ["TRUE"]
    if period_from is not None:
        params["from"] = period_from
        conditions.append(f"{column} >= %(from)s")
    if period_to is not None:
        params["to"] = period_to
        conditions.append(f"{column} <= %(to)s")
    return " AND ".join(conditions)


# An idea's own column, narrowed to one municipality when %(municipality)s is not blank.
_MUNICIPALITY_SQL = "(%(municipality)s = '' OR municipality_code = %(municipality)s)"


def _of_ideas_in(column: str) -> str:
    """``column`` (an idea id) of an idea of the municipality in %(municipality)s, as SQL."""
    return (
        f"(%(municipality)s = '' OR {column} IN "  # noqa: S608
        f"(SELECT id FROM {_table(Idea)} WHERE municipality_code = %(municipality)s))"
    )


def _stage_rows() -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in Stage.objects.order_by("position", "pk").values(
            "pk", "key", "name_sv", "name_en", "kind", "position", "is_active"
        )
    ]


def _stage_name(row: dict[str, Any]) -> str:
    """The stage's name in the language of the request, as ``Stage.name`` gives it."""
    english = (translation.get_language() or "sv").startswith("en")
    return str(row["name_en"] if english else row["name_sv"])


def _idea_counts(start: Any, end: Any, municipality: str) -> dict[str, dict[Any, int]]:
    """Ideas submitted in the period by stage, audience, call and municipality, and in all.

    One scan.
    """
    params: dict[str, Any] = {"municipality": municipality}
    sql = f"""
        SELECT CASE WHEN GROUPING(stage_id) = 0 THEN 'stage'
                    WHEN GROUPING(audience) = 0 THEN 'audience'
                    WHEN GROUPING(call_id) = 0 THEN 'call'
                    WHEN GROUPING(municipality_code) = 0 THEN 'municipality'
                    ELSE 'total' END AS dimension,
               COALESCE(stage_id::text, audience, call_id::text, municipality_code) AS value,
               COUNT(*) AS ideas
        FROM {_table(Idea)}
        WHERE {_instant_sql("created_at", start, end, params)} AND {_MUNICIPALITY_SQL}
        GROUP BY GROUPING SETS ((stage_id), (audience), (call_id), (municipality_code), ())
    """  # noqa: S608
    counts: dict[str, dict[Any, int]] = {
        "stage": {},
        "audience": {},
        "call": {},
        "municipality": {},
        "total": {},
    }
    for row in _fetch(sql, params):
        value = row["value"]
        if row["dimension"] in ("stage", "call") and value is not None:
            value = int(value)
        counts[row["dimension"]][value] = row["ideas"]
    return counts


def _calls(
    ideas_by_call: dict[Any, int],
    period_from: datetime.date | None,
    period_to: datetime.date | None,
) -> list[CallCount]:
    """Calls with ideas in the period, and calls open during it even if nobody answered."""
    open_during = Q()
    if period_to is not None:
        open_during &= Q(opens_on__lte=period_to)
    if period_from is not None:
        open_during &= Q(closes_on__gte=period_from)
    answered = [pk for pk in ideas_by_call if pk is not None]
    calls = (
        IdeaCall.objects.filter(Q(pk__in=answered) | open_during)
        .order_by("-opens_on", "pk")
        .values_list("pk", "title")
    )
    return [
        *(CallCount(pk, title, ideas_by_call.get(pk, 0)) for pk, title in calls),
        CallCount(None, str(_("Utan utlysning (öppet inflöde)")), ideas_by_call.get(None, 0)),
    ]


def _lead_time_sql(start: Any, end: Any, municipality: str = "") -> tuple[str, dict[str, Any]]:
    """Time in each stage: consecutive stage changes of an idea, paired with LAG.

    The window runs over every change of the ideas that moved in the period,
    so a pair whose first half lies before the period is still found; the
    period then picks the pairs whose move out of the stage happened in it.
    Both percentiles come from one ordered-set aggregate, so each group is
    sorted once.
    """
    params: dict[str, Any] = {}
    in_period = _instant_sql('"at"', start, end, params)
    changes = _table(StageChange)
    moved_in_period = (
        f"WHERE idea_id IN (SELECT idea_id FROM {changes} WHERE {in_period})"  # noqa: S608
        if params
        else "WHERE TRUE"
    )
    params["municipality"] = municipality
    moved_in_period += f" AND {_of_ideas_in('idea_id')}"
    sql = f"""
        WITH pairs AS (
            SELECT LAG(to_stage_id) OVER w AS from_stage_id, to_stage_id,
                   LAG("at") OVER w AS prev_at, "at"
            FROM {changes}
            {moved_in_period}
            WINDOW w AS (PARTITION BY idea_id ORDER BY "at", id)
        )
        SELECT from_stage_id, to_stage_id, COUNT(*) AS moves,
               percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days) AS percentiles
        FROM (
            SELECT from_stage_id, to_stage_id,
                   date_part('epoch', "at" - prev_at) / 86400 AS days
            FROM pairs
            WHERE prev_at IS NOT NULL AND {in_period}
        ) timed
        GROUP BY from_stage_id, to_stage_id
    """  # noqa: S608
    return sql, params


def _lead_times(
    start: Any, end: Any, stages: dict[int, dict[str, Any]], municipality: str = ""
) -> list[LeadTime]:
    sql, params = _lead_time_sql(start, end, municipality)
    found = _fetch(sql, params)

    def order(row: dict[str, Any]) -> tuple[int, int, int, int]:
        before, after = stages[row["from_stage_id"]], stages[row["to_stage_id"]]
        return (before["position"], before["pk"], after["position"], after["pk"])

    return [
        LeadTime(
            from_stage=stages[row["from_stage_id"]]["key"],
            from_stage_name=_stage_name(stages[row["from_stage_id"]]),
            to_stage=stages[row["to_stage_id"]]["key"],
            to_stage_name=_stage_name(stages[row["to_stage_id"]]),
            moves=row["moves"],
            median_days=float(row["percentiles"][0]),
            p90_days=float(row["percentiles"][1]),
        )
        for row in sorted(found, key=order)
    ]


def _decisions(
    period_from: datetime.date | None,
    period_to: datetime.date | None,
    budget_year: int,
    municipality: str = "",
) -> tuple[dict[str | None, dict[str, Any]], Decimal | None]:
    """Decisions of the period by kind (None: all), those of the budget year, and its budget.

    The budget is the whole organisation's, also when the decisions are one municipality's.
    """
    params: dict[str, Any] = {
        "year_from": datetime.date(budget_year, 1, 1),
        "year_to": datetime.date(budget_year, 12, 31),
        "year": budget_year,
        "municipality": municipality,
    }
    in_period = _day_sql("decided_on", period_from, period_to, params)
    in_year = "decided_on BETWEEN %(year_from)s AND %(year_to)s"
    sql = f"""
        SELECT GROUPING(kind) AS all_kinds, kind,
               COUNT(*) FILTER (WHERE {in_period}) AS decisions,
               COALESCE(SUM(amount_granted_sek) FILTER (WHERE {in_period}), 0) AS granted,
               COUNT(*) FILTER (WHERE {in_year}) AS year_decisions,
               COALESCE(SUM(amount_granted_sek) FILTER (WHERE {in_year}), 0) AS year_granted,
               (SELECT amount_sek FROM {_table(CouncilBudget)} WHERE year = %(year)s) AS budget
        FROM {_table(Decision)}
        WHERE {_of_ideas_in("idea_id")}
        GROUP BY ROLLUP(kind)
    """  # noqa: S608
    rows = _fetch(sql, params)
    by_kind = {None if row["all_kinds"] else row["kind"]: row for row in rows}
    budget = rows[0]["budget"] if rows else None
    return by_kind, budget


def _trials(
    period_from: datetime.date | None, period_to: datetime.date | None, municipality: str = ""
) -> dict[str | None, dict[str, Any]]:
    """Trials running at some time in the period, by their status now (None: all)."""
    params: dict[str, Any] = {
        "test": TrialKind.TEST.value,
        "pilot": TrialKind.PILOT.value,
        "municipality": municipality,
    }
    during = [_of_ideas_in("idea_id")]
    if period_to is not None:
        params["to"] = period_to
        during.append("starts_on <= %(to)s")
    if period_from is not None:
        params["from"] = period_from
        during.append("ends_on >= %(from)s")
    sql = f"""
        SELECT GROUPING(status) AS all_statuses, status,
               COUNT(*) FILTER (WHERE kind = %(test)s) AS tests,
               COUNT(*) FILTER (WHERE kind = %(pilot)s) AS pilots,
               COUNT(*) AS total
        FROM {_table(Trial)}
        WHERE {" AND ".join(during)}
        GROUP BY ROLLUP(status)
    """  # noqa: S608
    return {None if row["all_statuses"] else row["status"]: row for row in _fetch(sql, params)}


def _evaluations(
    period_from: datetime.date | None, period_to: datetime.date | None, municipality: str = ""
) -> dict[str, int]:
    in_municipality = Q(trial__idea__municipality_code=municipality) if municipality else Q()
    return dict(
        Evaluation.objects.filter(_day_q("evaluated_on", period_from, period_to), in_municipality)
        .values("recommendation")
        .annotate(evaluations=Count("pk"))
        .order_by()
        .values_list("recommendation", "evaluations")
    )


def _activities(
    period_from: datetime.date | None, period_to: datetime.date | None, municipality: str = ""
) -> tuple[list[ActivityCount], ActivityCount, int]:
    params: dict[str, Any] = {
        "training": ActivityKind.TRAINING.value,
        "manager": ParticipantRole.MANAGER.value,
        "municipality": municipality,
    }
    held = _day_sql("a.held_on", period_from, period_to, params)
    held += " AND (%(municipality)s = '' OR a.municipality_code = %(municipality)s)"
    activities, participants = _table(Activity), _table(Participant)
    sql = f"""
        WITH per_activity AS (
            SELECT a.id, a.kind, a.head_count,
                   COUNT(p.id) FILTER (WHERE p.attended) AS attended
            FROM {activities} a LEFT JOIN {participants} p ON p.activity_id = a.id
            WHERE {held}
            GROUP BY a.id
        )
        SELECT GROUPING(kind) AS all_kinds, kind, COUNT(*) AS activities,
               COALESCE(SUM(attended), 0) AS attended,
               COALESCE(SUM(head_count), 0) AS head_count,
               COALESCE(SUM(COALESCE(head_count, attended)), 0) AS participants,
               (SELECT COUNT(DISTINCT COALESCE('person:' || p.person_id, 'row:' || p.id))
                FROM {participants} p JOIN {activities} a ON a.id = p.activity_id
                WHERE {held} AND a.kind = %(training)s
                  AND p.attended AND p.role = %(manager)s)
               + (SELECT COALESCE(SUM(a.head_count_managers), 0)
                  FROM {activities} a
                  WHERE {held} AND a.kind = %(training)s) AS managers
        FROM per_activity
        GROUP BY ROLLUP(kind)
    """  # noqa: S608
    by_kind: dict[str, ActivityCount] = {}
    total, managers = ActivityCount(None, 0, 0, 0, 0), 0
    for row in _fetch(sql, params):
        count = ActivityCount(
            kind=None if row["all_kinds"] else row["kind"],
            activities=row["activities"],
            attended_participants=int(row["attended"]),
            head_count=int(row["head_count"]),
            participants=int(row["participants"]),
        )
        managers = row["managers"]
        if row["all_kinds"]:
            total = count
        else:
            by_kind[row["kind"]] = count
    kinds = [by_kind.get(kind, ActivityCount(kind, 0, 0, 0, 0)) for kind in ActivityKind.values]
    return kinds, total, managers


def dashboard(
    *,
    year: int | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    municipality_code: str | None = None,
) -> Dashboard:
    """Gather the organisation's key figures for a year, a period, or all time.

    Ideas (by current stage, by source and by call) are those submitted in the
    period; lead times are the moves out of a stage made in the period (median
    and 90th percentile of the days spent there); decisions are those taken in
    the period, and the budget is that of the year (see ``dashboard_period``)
    against all decisions of that year; trials are those running at some time
    in the period, by their status now, and evaluations those made in it;
    activities are those held in it. Managers trained counts the distinct
    registered participants with the role manager who attended a training, plus
    the managers trainings counted without registering them.

    In a group of municipalities ``municipality_code`` narrows every figure to
    that municipality's share: ideas, and the moves, decisions, trials and
    evaluations of its ideas, and the activities it held; the budget stays the
    whole organisation's.

    Eight queries, whatever the number of ideas; the ideas are scanned once.
    """
    period_from, period_to, budget_year = dashboard_period(
        year=year, period_from=period_from, period_to=period_to
    )
    start, end = _bounds(period_from, period_to)

    stage_rows = _stage_rows()
    stages = {row["pk"]: row for row in stage_rows}
    municipality = municipality_code or ""
    ideas = _idea_counts(start, end, municipality)
    calls = _calls(ideas["call"], period_from, period_to)
    decisions, budget_sek = _decisions(period_from, period_to, budget_year, municipality)
    trials = _trials(period_from, period_to, municipality)
    evaluations = _evaluations(period_from, period_to, municipality)
    activities, activities_total, managers = _activities(period_from, period_to, municipality)
    lead_times = _lead_times(start, end, stages, municipality)

    no_decisions = {"decisions": 0, "granted": ZERO, "year_decisions": 0, "year_granted": ZERO}
    all_decisions = decisions.get(None, no_decisions)
    year_granted = Decimal(all_decisions["year_granted"])

    def trial_count(status: str | None) -> TrialCount:
        row = trials.get(status, {"tests": 0, "pilots": 0, "total": 0})
        return TrialCount(
            status=status or ALL, tests=row["tests"], pilots=row["pilots"], total=row["total"]
        )

    return Dashboard(
        period_from=period_from,
        period_to=period_to,
        ideas_total=ideas["total"].get(None, 0),
        stages=tuple(
            StageCount(
                key=row["key"],
                name=_stage_name(row),
                kind=row["kind"],
                ideas=ideas["stage"].get(row["pk"], 0),
            )
            for row in stage_rows
            if row["is_active"] or ideas["stage"].get(row["pk"])
        ),
        sources=tuple(AudienceCount(a, ideas["audience"].get(a, 0)) for a in Audience.values),
        calls=tuple(calls),
        lead_times=tuple(lead_times),
        decisions=tuple(
            DecisionCount(
                kind,
                decisions.get(kind, no_decisions)["decisions"],
                Decimal(decisions.get(kind, no_decisions)["granted"]),
            )
            for kind in DecisionKind.values
        ),
        decisions_total=all_decisions["decisions"],
        granted_sek_total=Decimal(all_decisions["granted"]),
        budget=Budget(
            year=budget_year,
            budget_sek=budget_sek,
            granted_sek=year_granted,
            decisions=all_decisions["year_decisions"],
            remaining_sek=None if budget_sek is None else budget_sek - year_granted,
        ),
        trials=tuple(trial_count(status) for status in TrialStatus.values),
        trials_total=trial_count(None),
        evaluations=tuple(EvaluationCount(r, evaluations.get(r, 0)) for r in Recommendation.values),
        activities=tuple(activities),
        activities_total=activities_total,
        managers_trained=managers,
        municipality_code=municipality,
        municipalities=_municipality_counts(ideas["municipality"]),
    )


def _municipality_counts(ideas_by_code: dict[Any, int]) -> tuple[MunicipalityCount, ...]:
    """The group's municipalities in order with their ideas, then those not stated; none alone."""
    choices = municipalities.choices()
    if not choices:
        return ()
    return (
        *(MunicipalityCount(code, name, ideas_by_code.get(code, 0)) for code, name in choices),
        MunicipalityCount("", str(_("Ingen kommun angiven")), ideas_by_code.get("", 0)),
    )
