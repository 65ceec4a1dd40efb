"""Count one organisation's figures from its own schema and its public network rows.

This is the only place that reads a tenant schema for the national figures,
and it runs in tasks, never in a coordinator's request. Every figure is an SQL
aggregate: the queries (eight in the schema, five in public) and the rows they
return grow with months and categories, not with the number of ideas.

Months are calendar months in Swedish time. The result maps
``(month, dimension, key, group)`` to ``(count, SEK)``; rows whose count and
sum are both zero are left out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django_tenants.utils import tenant_context

from network.figures import dimensions as d

Key = tuple[datetime.date, str, str, str]
Figures = dict[Key, tuple[int, Decimal]]

ZERO = Decimal("0.00")
# Lead times longer than this are counted here (two years): "this many days or more".
LEAD_TIME_CAP_DAYS = 730
FUNDING_KINDS = ("fund_test", "pilot", "broaden", "implement")


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _month(column: str) -> str:
    """SQL for the first day of ``column``'s month in Swedish time (``column`` an instant)."""
    return f"date_trunc('month', {column} AT TIME ZONE %(tz)s)::date"


def _fetch(sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"tz": settings.TIME_ZONE, **(params or {})})
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


class _Tally:
    def __init__(self) -> None:
        self.figures: dict[Key, list[Any]] = defaultdict(lambda: [0, ZERO])

    def add(
        self,
        month: datetime.date,
        dimension: str,
        key: str = "",
        group: str = "",
        value: int = 0,
        amount: Decimal | int = 0,
    ) -> None:
        cell = self.figures[(month, dimension, key, group)]
        cell[0] += int(value)
        cell[1] += Decimal(amount)

    def result(self) -> Figures:
        return {
            key: (value, amount.quantize(ZERO))
            for key, (value, amount) in self.figures.items()
            if value or amount
        }


def _ideas(tally: _Tally) -> None:
    from tenants.coaching.models import CoachAssignment
    from tenants.council.models import Decision
    from tenants.ideas.models import Idea, Stage
    from tenants.trials.models import Trial

    # Table names come from the models, never from input.
    sql = f"""
        WITH cohort AS (
            SELECT i.id, {_month("i.created_at")} AS month, i.submitter_gender AS gender,
                   i.audience, (i.call_id IS NOT NULL) AS answers_call,
                   s.key AS stage_key, s.kind AS stage_kind
            FROM {_table(Idea)} i JOIN {_table(Stage)} s ON s.id = i.stage_id
        ),
        coached AS (SELECT DISTINCT idea_id FROM {_table(CoachAssignment)}),
        decided AS (
            SELECT idea_id,
                   bool_or(kind = ANY(%(funding)s) AND amount_granted_sek > 0) AS funded,
                   SUM(amount_granted_sek) FILTER (
                       WHERE kind = ANY(%(funding)s) AND amount_granted_sek > 0
                   ) AS funded_sek
            FROM {_table(Decision)} GROUP BY idea_id
        ),
        tested AS (SELECT DISTINCT idea_id FROM {_table(Trial)})
        SELECT c.month, c.gender, c.audience, c.answers_call, c.stage_key, c.stage_kind,
               COUNT(*) AS submitted,
               COUNT(co.idea_id) AS coached,
               COUNT(dd.idea_id) AS decided,
               COUNT(*) FILTER (WHERE dd.funded) AS funded,
               COALESCE(SUM(dd.funded_sek), 0) AS funded_sek,
               COUNT(t.idea_id) AS tested,
               COUNT(*) FILTER (WHERE c.stage_kind = 'done') AS implemented
        FROM cohort c
        LEFT JOIN coached co ON co.idea_id = c.id
        LEFT JOIN decided dd ON dd.idea_id = c.id
        LEFT JOIN tested t ON t.idea_id = c.id
        GROUP BY 1, 2, 3, 4, 5, 6
    """  # noqa: S608
    for row in _fetch(sql, {"funding": list(FUNDING_KINDS)}):
        month, submitted = row["month"], row["submitted"]
        tally.add(month, d.IDEAS_RECEIVED, value=submitted)
        tally.add(month, d.IDEAS_AUDIENCE, row["audience"], value=submitted)
        inflow = d.INFLOW_CALL if row["answers_call"] else d.INFLOW_OPEN
        tally.add(month, d.IDEAS_INFLOW, inflow, value=submitted)
        tally.add(month, d.IDEAS_STAGE, row["stage_key"], row["stage_kind"], value=submitted)
        gender = row["gender"] or d.NOT_STATED
        for group in ("", f"gender:{gender}", f"audience:{row['audience']}"):
            for step in d.FUNNEL_STEPS:
                amount = row["funded_sek"] if step == "funded" else 0
                tally.add(month, d.FUNNEL, step, group, value=row[step], amount=amount)


def _implemented_and_lead_times(tally: _Tally) -> None:
    from tenants.ideas.models import Stage, StageChange

    changes, stages = _table(StageChange), _table(Stage)
    sql = f"""
        SELECT {_month("sc.at")} AS month, COUNT(DISTINCT sc.idea_id) AS ideas
        FROM {changes} sc JOIN {stages} s ON s.id = sc.to_stage_id
        WHERE s.kind = 'done'
        GROUP BY 1
    """  # noqa: S608
    for row in _fetch(sql):
        tally.add(row["month"], d.IDEAS_IMPLEMENTED, value=row["ideas"])
    sql = f"""
        WITH pairs AS (
            SELECT LAG(to_stage_id) OVER w AS from_stage_id, LAG("at") OVER w AS prev_at, "at"
            FROM {changes}
            WINDOW w AS (PARTITION BY idea_id ORDER BY "at", id)
        )
        SELECT {_month("p.at")} AS month, s.key AS stage_key,
               LEAST(floor(date_part('epoch', p.at - p.prev_at) / 86400), %(cap)s)::int AS days,
               COUNT(*) AS moves
        FROM pairs p JOIN {stages} s ON s.id = p.from_stage_id
        WHERE p.prev_at IS NOT NULL
        GROUP BY 1, 2, 3
    """  # noqa: S608
    for row in _fetch(sql, {"cap": LEAD_TIME_CAP_DAYS}):
        tally.add(row["month"], d.LEAD_TIME, row["stage_key"], str(row["days"]), value=row["moves"])


def _council_and_trials(tally: _Tally) -> None:
    from tenants.council.models import Decision
    from tenants.trials.models import Evaluation, Trial

    sql = f"""
        SELECT date_trunc('month', decided_on)::date AS month, kind,
               COUNT(*) AS decisions, COALESCE(SUM(amount_granted_sek), 0) AS granted
        FROM {_table(Decision)} GROUP BY 1, 2
    """  # noqa: S608
    for row in _fetch(sql):
        tally.add(
            row["month"], d.DECISIONS, row["kind"], value=row["decisions"], amount=row["granted"]
        )
    sql = f"""
        SELECT date_trunc('month', starts_on)::date AS month, status, kind, COUNT(*) AS trials
        FROM {_table(Trial)} GROUP BY 1, 2, 3
    """  # noqa: S608
    for row in _fetch(sql):
        tally.add(row["month"], d.TRIALS, row["status"], row["kind"], value=row["trials"])
    sql = f"""
        SELECT date_trunc('month', evaluated_on)::date AS month, recommendation,
               COUNT(*) AS evaluations
        FROM {_table(Evaluation)} GROUP BY 1, 2
    """  # noqa: S608
    for row in _fetch(sql):
        tally.add(row["month"], d.EVALUATIONS, row["recommendation"], value=row["evaluations"])


def _activities(tally: _Tally) -> None:
    from tenants.activities.models import Activity, Participant

    activities, participants = _table(Activity), _table(Participant)
    sql = f"""
        WITH per_activity AS (
            SELECT a.id, a.kind, date_trunc('month', a.held_on)::date AS month, a.head_count,
                   COUNT(p.id) FILTER (WHERE p.attended) AS attended
            FROM {activities} a LEFT JOIN {participants} p ON p.activity_id = a.id
            GROUP BY a.id
        )
        SELECT month, kind, COUNT(*) AS activities,
               COALESCE(SUM(COALESCE(head_count, attended)), 0) AS participants
        FROM per_activity GROUP BY 1, 2
    """  # noqa: S608
    for row in _fetch(sql):
        tally.add(row["month"], d.ACTIVITIES, row["kind"], value=row["activities"])
        tally.add(row["month"], d.PARTICIPANTS, row["kind"], value=row["participants"])
    sql = f"""
        SELECT date_trunc('month', a.held_on)::date AS month,
               COUNT(DISTINCT COALESCE('person:' || p.person_id, 'row:' || p.id)) AS managers
        FROM {participants} p JOIN {activities} a ON a.id = p.activity_id
        WHERE a.kind = 'training' AND p.attended AND p.role = 'manager'
        GROUP BY 1
    """  # noqa: S608
    for row in _fetch(sql):
        tally.add(row["month"], d.MANAGERS_TRAINED, value=row["managers"])


def _network(tally: _Tally, organization_id: int) -> None:
    """The organisation's part in the network, from public tables (no tenant schema)."""
    from network.adoptions.models import Adoption
    from network.exchange.models import CoSignature, Publication, PublicationStatus

    params = {"org": organization_id, "published": PublicationStatus.PUBLISHED.value}
    queries: Iterable[tuple[str, str]] = (
        (
            d.PUBLISHED,
            f"""SELECT {_month("published_at")} AS month, kind AS key, COUNT(*) AS n
                FROM {_table(Publication)}
                WHERE organization_id = %(org)s AND status = %(published)s GROUP BY 1, 2""",  # noqa: S608
        ),
        (
            d.ADOPTIONS_MADE,
            f"""SELECT {_month("adopted_at")} AS month, category AS key, COUNT(*) AS n
                FROM {_table(Adoption)} WHERE organization_id = %(org)s GROUP BY 1, 2""",  # noqa: S608
        ),
        (
            d.ADOPTED_BY_OTHERS,
            f"""SELECT {_month("a.adopted_at")} AS month, a.category AS key, COUNT(*) AS n
                FROM {_table(Adoption)} a JOIN {_table(Publication)} p ON p.id = a.publication_id
                WHERE p.organization_id = %(org)s AND a.organization_id <> %(org)s
                GROUP BY 1, 2""",  # noqa: S608
        ),
        (
            d.COSIGNATURES_GIVEN,
            f"""SELECT {_month("created_at")} AS month, '' AS key, COUNT(*) AS n
                FROM {_table(CoSignature)} WHERE organization_id = %(org)s GROUP BY 1""",  # noqa: S608
        ),
        (
            d.COSIGNATURES_RECEIVED,
            f"""SELECT {_month("c.created_at")} AS month, '' AS key, COUNT(*) AS n
                FROM {_table(CoSignature)} c JOIN {_table(Publication)} p
                  ON p.id = c.publication_id
                WHERE p.organization_id = %(org)s AND c.organization_id <> %(org)s
                GROUP BY 1""",  # noqa: S608
        ),
    )
    for dimension, sql in queries:
        for row in _fetch(sql, params):
            tally.add(row["month"], dimension, row["key"], value=row["n"])
    _joint_pilots(tally, params)


def _joint_pilots(tally: _Tally, params: dict[str, Any]) -> None:
    """Joint pilots the organisation owns, and those of others it took part in (with SEK)."""
    from network.pilots.models import Participant, ParticipantStatus, Pilot

    sql = f"""
        SELECT {_month("created_at")} AS month, 'owner' AS key, COUNT(*) AS n, 0 AS sek
        FROM {_table(Pilot)} WHERE organization_id = %(org)s GROUP BY 1
        UNION ALL
        SELECT {_month("COALESCE(pa.decided_at, pa.invited_at)")} AS month, 'participant' AS key,
               COUNT(*) AS n, COALESCE(SUM(pa.committed_sek), 0) AS sek
        FROM {_table(Participant)} pa JOIN {_table(Pilot)} pi ON pi.id = pa.pilot_id
        WHERE pa.organization_id = %(org)s AND pi.organization_id <> %(org)s
          AND pa.status = %(accepted)s
        GROUP BY 1
    """  # noqa: S608
    for row in _fetch(sql, {**params, "accepted": ParticipantStatus.ACCEPTED.value}):
        tally.add(row["month"], d.JOINT_PILOTS, row["key"], value=row["n"], amount=row["sek"])


def organization_figures(*, organization: Any) -> Figures:
    """Count ``organization``'s figures now, from its schema and the public network tables."""
    tally = _Tally()
    with tenant_context(organization):
        _ideas(tally)
        _implemented_and_lead_times(tally)
        _council_and_trials(tally)
        _activities(tally)
    _network(tally, organization.pk)
    return tally.result()
