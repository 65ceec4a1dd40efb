"""Writes of the kept figures: mark an organisation changed, recount it, rebuild the roll-ups.

The tenant side calls ``figures_mark_dirty`` on commit of every change it
audits (``tenants.audit.services.audit_event_record``); that queues at most
one recount of the organisation at a time, a few seconds later, so a burst of
changes costs one recount. A scheduled fan-out recounts every organisation
anyway, so a lost event is repaired within the hour.

A recount replaces the organisation's rows with a fresh count and applies the
difference to the national and county roll-ups in the same transaction; the
roll-ups therefore always equal the sum of the organisations' rows.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from network.figures import counting
from network.figures.models import (
    NATIONAL,
    AreaMonthCount,
    CoordinatorToken,
    FillState,
    OrganizationMonthCount,
)
from shared.organizations.models import Organization

logger = logging.getLogger(__name__)

# A recount queued longer ago than this is taken as lost, and queued again.
STALE_QUEUE = datetime.timedelta(minutes=10)
_ROLLUP_LOCK = 7_400_001  # pg_advisory_xact_lock key: one writer of the roll-ups at a time
_ORG_LOCK_SPACE = 7_400_002  # with the organisation's id: one recount per organisation


def debounce_seconds() -> float:
    return float(getattr(settings, "FIGURES_DEBOUNCE_SECONDS", 5))


def _fill_table() -> str:
    return connection.ops.quote_name(FillState._meta.db_table)


def figures_mark_dirty(*, organization_id: int) -> bool:
    """Note that ``organization_id``'s figures changed, and queue one recount unless one waits.

    Call it after the change commits. Returns whether a recount was queued.
    """
    from network.figures import tasks

    now = timezone.now()
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {_fill_table()} AS f
                (organization_id, dirty_since, queued_at, last_duration_ms, last_error, recounts)
            VALUES (%(org)s, %(now)s, %(now)s, 0, '', 0)
            ON CONFLICT (organization_id) DO UPDATE SET
                dirty_since = COALESCE(f.dirty_since, EXCLUDED.dirty_since),
                queued_at = CASE WHEN f.queued_at IS NULL OR f.queued_at < %(stale)s
                                 THEN EXCLUDED.queued_at ELSE f.queued_at END
            RETURNING queued_at = %(now)s
            """,  # noqa: S608
            {"org": organization_id, "now": now, "stale": now - STALE_QUEUE},
        )
        queued = bool(cursor.fetchone()[0])
    if queued:
        tasks.figures_recount_organization.apply_async(
            kwargs={"organization_id": organization_id}, countdown=debounce_seconds()
        )
    return queued


@dataclass(frozen=True)
class Recount:
    organization_id: int
    counted_through: datetime.datetime
    rows: int
    changed: int
    duration_ms: int


def _values_sql(rows: Sequence[Sequence[Any]], width: int) -> tuple[str, list[Any]]:
    placeholders = "(" + ", ".join(["%s"] * width) + ")"
    return ", ".join([placeholders] * len(rows)), [value for row in rows for value in row]


def _apply_to_areas(deltas: dict[counting.Key, tuple[int, Decimal]], areas: Iterable[str]) -> None:
    """Add ``deltas`` to the roll-up rows of ``areas``; drop rows that fall to zero."""
    table = connection.ops.quote_name(AreaMonthCount._meta.db_table)
    rows = [
        (area, month, dimension, key, group, value, amount)
        for area in areas
        for (month, dimension, key, group), (value, amount) in sorted(deltas.items())
    ]
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            chunk = rows[start : start + 1000]
            values, params = _values_sql(chunk, 7)
            cursor.execute(
                f"""
                INSERT INTO {table} AS t
                    (area, month, dimension, key, "group", value, amount_sek)
                VALUES {values}
                ON CONFLICT (area, dimension, month, key, "group") DO UPDATE SET
                    value = t.value + EXCLUDED.value,
                    amount_sek = t.amount_sek + EXCLUDED.amount_sek
                """,  # noqa: S608
                params,
            )
        cursor.execute(
            f"DELETE FROM {table} WHERE value = 0 AND amount_sek = 0 AND area = ANY(%s)",  # noqa: S608
            [list(areas)],
        )


def areas_of(organization: Organization) -> list[str]:
    """The roll-ups an organisation counts in: the country, and its county if it has one."""
    return [NATIONAL, organization.county_code] if organization.county_code else [NATIONAL]


def figures_recount(*, organization_id: int) -> Recount:
    """Count one organisation afresh, keep the figures, and record how far it is counted.

    Idempotent; two recounts of one organisation wait for each other.
    """
    with schema_context(get_public_schema_name()):
        organization = Organization.objects.get(pk=organization_id)
        begun = time.monotonic()
        # First, outside the count's transaction: a change committed from now
        # on queues a recount of its own.
        FillState.objects.update_or_create(
            organization_id=organization_id, defaults={"queued_at": None}
        )
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", [_ORG_LOCK_SPACE, organization_id]
                )
            # Taken after the lock: every change committed before this instant is counted.
            started = timezone.now()
            fresh = counting.organization_figures(organization=organization)
            kept_rows = list(OrganizationMonthCount.objects.filter(organization_id=organization_id))
            kept = {
                (r.month, r.dimension, r.key, r.group): (r.value, r.amount_sek) for r in kept_rows
            }
            deltas: dict[counting.Key, tuple[int, Decimal]] = {}
            for key in kept.keys() | fresh.keys():
                old = kept.get(key, (0, counting.ZERO))
                new = fresh.get(key, (0, counting.ZERO))
                if old != new:
                    deltas[key] = (new[0] - old[0], new[1] - old[1])
            gone = [r.pk for r in kept_rows if (r.month, r.dimension, r.key, r.group) not in fresh]
            changed = [key for key in deltas if key in fresh]
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ROLLUP_LOCK])
            if gone:
                OrganizationMonthCount.objects.filter(pk__in=gone).delete()
            if changed:
                OrganizationMonthCount.objects.bulk_create(
                    [
                        OrganizationMonthCount(
                            organization_id=organization_id,
                            month=month,
                            dimension=dimension,
                            key=key,
                            group=group,
                            value=fresh[(month, dimension, key, group)][0],
                            amount_sek=fresh[(month, dimension, key, group)][1],
                        )
                        for month, dimension, key, group in changed
                    ],
                    update_conflicts=True,
                    unique_fields=["organization", "month", "dimension", "key", "group"],
                    update_fields=["value", "amount_sek"],
                    batch_size=1000,
                )
            _apply_to_areas(deltas, areas_of(organization))
            duration_ms = int((time.monotonic() - begun) * 1000)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {_fill_table()} SET
                        counted_through = %(started)s,
                        dirty_since = CASE WHEN dirty_since <= %(started)s THEN NULL
                                           ELSE dirty_since END,
                        last_duration_ms = %(ms)s, last_error = '', recounts = recounts + 1
                    WHERE organization_id = %(org)s
                    """,  # noqa: S608
                    {"started": started, "ms": duration_ms, "org": organization_id},
                )
    return Recount(
        organization_id=organization_id,
        counted_through=started,
        rows=len(fresh),
        changed=len(deltas),
        duration_ms=duration_ms,
    )


def figures_recount_failed(*, organization_id: int, error: str) -> None:
    """Record why a recount failed, so the status page shows it; the next one tries again."""
    with schema_context(get_public_schema_name()):
        FillState.objects.update_or_create(
            organization_id=organization_id,
            defaults={"queued_at": None, "last_error": error[:2000]},
        )


def organizations_to_count() -> list[int]:
    """Every organisation with a schema of its own (the platform's public one has none)."""
    with schema_context(get_public_schema_name()):
        return list(Organization.objects.tenants().order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def figures_rollup_rebuild() -> int:
    """Recompute every roll-up row from the organisations' rows; return how many there are.

    The recounts keep the roll-ups right by applying differences; this repairs
    what they cannot see, such as an organisation that moved to another county.
    """
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ROLLUP_LOCK])
        area = connection.ops.quote_name(AreaMonthCount._meta.db_table)
        org = connection.ops.quote_name(OrganizationMonthCount._meta.db_table)
        organizations = connection.ops.quote_name(Organization._meta.db_table)
        cursor.execute(f"DELETE FROM {area}")  # noqa: S608
        cursor.execute(
            f"""
            INSERT INTO {area} (area, month, dimension, key, "group", value, amount_sek)
            SELECT o.county_code AS area, c.month,
                   c.dimension, c.key, c."group", SUM(c.value), SUM(c.amount_sek)
            FROM {org} c JOIN {organizations} o ON o.id = c.organization_id
            WHERE o.county_code <> ''
            GROUP BY 1, 2, 3, 4, 5
            UNION ALL
            SELECT %(national)s, month, dimension, key, "group", SUM(value), SUM(amount_sek)
            FROM {org}
            GROUP BY 2, 3, 4, 5
            """,  # noqa: S608
            {"national": NATIONAL},
        )
        cursor.execute(
            f"DELETE FROM {area} WHERE value = 0 AND amount_sek = 0"  # noqa: S608
        )
        cursor.execute(f"SELECT COUNT(*) FROM {area}")  # noqa: S608
        return int(cursor.fetchone()[0])


# --- The coordinator's API keys ------------------------------------------------------

TOKEN_LIFETIME = datetime.timedelta(days=90)


def coordinator_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def coordinator_token_create(
    *, person: Any, name: str, lifetime: datetime.timedelta = TOKEN_LIFETIME
) -> tuple[CoordinatorToken, str]:
    """Make an API key for the national figures; return the row and the key (shown once)."""
    from shared.accounts.permissions import may_see_national_figures
    from shared.core.services import audit_record

    if not may_see_national_figures(person):
        raise PermissionError("Only national coordinators and platform staff get this key.")
    key = secrets.token_urlsafe(32)
    token = CoordinatorToken.objects.create(
        person=person,
        name=name,
        prefix=key[:8],
        key_hash=coordinator_token_hash(key),
        expires_at=timezone.now() + lifetime,
    )
    audit_record(actor=person, action="figures.token_created", target=f"{token.prefix}… {name}")
    return token, key


@transaction.atomic
def coordinator_token_revoke(*, token: CoordinatorToken, by: Any) -> CoordinatorToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record_revoked(token=token, by=by)
    return token


def audit_record_revoked(*, token: CoordinatorToken, by: Any) -> None:
    from shared.core.services import audit_record

    audit_record(actor=by, action="figures.token_revoked", target=f"{token.prefix}… {token.name}")


@transaction.atomic
def organization_figures_naming_set(*, organization: Organization, named: bool, by: Any) -> None:
    """Let the national figures name the organisation, or count it only inside totals."""
    from shared.core.services import audit_record

    with schema_context(get_public_schema_name()):
        before = organization.is_named_in_figures
        Organization.objects.filter(pk=organization.pk).update(figures_named=named)
        organization.figures_named = named
        audit_record(
            actor=by,
            action="organization.figures_naming_set",
            organization=organization,
            before={"figures_named": before},
            after={"figures_named": named},
        )
