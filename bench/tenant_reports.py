"""Measure the reports dashboard API against the bare SQL of the same figures, in one run.

    .venv/bin/python bench/tenant_reports.py [--ideas 10000] [--requests 100]

In a fresh database (``idesluss_bench_reports`` on the embedded server, or on
the server of DATABASE_URL) provision one organisation and seed it with
``--ideas`` ideas over three years (varied genders, audiences, calls and
stages) with their stage history, coach assignments, council decisions with
amounts and a budget per year, tests and pilots with evaluations, and
activities with participants. Then time ``--requests`` requests of

    GET /api/v1/reports/dashboard/?year=<y>   (this year, last year, and all time in turn)

through Django's test client (an admin logged in with ``force_login``, the
organisation's host), and as many runs of the bare SQL those requests send
for the figures (captured from the API itself, run with ``cursor.execute``),
alternating one request and one run of its SQL so that both meet the same
load on the machine. Last, time the eight Excel downloads
(``/rapporter/<name>.xlsx``; the equality analysis over last year), five
rounds. Prints p50 and p95 of both and their ratio, and each download; the
last line is

    tenant_reports p95_ms=<ms> sql_p95_ms=<ms> ratio=<api/sql> xlsx_s=<s>

``xlsx_s`` is the median time of downloading all eight Excel reports once.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import time
from decimal import Decimal

from benchkit import explicit_timestamps, percentile, prepare_database

BENCH_DATABASE = "idesluss_bench_reports"
SLUG = "bench-rapporter"
HOST = f"{SLUG}.localhost"

STAGE_SHARES = [
    ("received", 0.22),
    ("screening", 0.16),
    ("refinement", 0.14),
    ("test", 0.10),
    ("evaluation", 0.08),
    ("implemented", 0.10),
    ("declined", 0.11),
    ("parked", 0.07),
    ("merged", 0.02),
]
OPEN_PATH = ["received", "screening", "refinement", "test", "evaluation", "implemented"]
GENDERS = ["woman"] * 9 + ["man"] * 7 + ["other"] + [""] * 3
AUDIENCES = ["staff"] * 6 + ["citizen"] * 3 + ["business", "association"]
FUNDING = ["fund_test", "pilot", "broaden", "implement"]
REPORTS = ["stages", "sources", "calls", "lead-times", "decisions", "trials", "activities"]


def seed(count: int, people: list[int], rng: random.Random) -> None:
    """Create ``count`` ideas and everything the dashboard and the funnel count."""
    from django.db import connection
    from django.utils import timezone

    from tenants.activities.models import Activity, Participant
    from tenants.calls.models import IdeaCall
    from tenants.coaching.models import CoachAssignment
    from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting
    from tenants.ideas.models import Idea, Stage, StageChange
    from tenants.trials.models import Evaluation, Trial

    stages = {stage.key: stage for stage in Stage.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    years = [today.year - 2, today.year - 1, today.year]
    calls = IdeaCall.objects.bulk_create(
        IdeaCall(
            title=f"Utlysning {n}: {rng.choice(['matsvinn', 'trygghet', 'klimat', 'digitalt'])}",
            problem="Problemet",
            audiences=["staff", "citizen"],
            opens_on=today - datetime.timedelta(days=60 * n + 30),
            closes_on=today - datetime.timedelta(days=60 * n),
        )
        for n in range(18)
    )
    keys = [key for key, _share in STAGE_SHARES]
    weights = [share for _key, share in STAGE_SHARES]
    ideas, paths = [], []
    for n in range(count):
        created = now - datetime.timedelta(days=rng.uniform(1, 3 * 365 - 10), minutes=n % 1440)
        target = rng.choices(keys, weights)[0]
        if target in OPEN_PATH:
            path = OPEN_PATH[: OPEN_PATH.index(target) + 1]
        else:
            path = [*OPEN_PATH[: rng.randint(1, 4)], target]
        ideas.append(
            Idea(
                registration_number=f"B-{n + 1:05d}",
                registration_year=2000,
                registration_sequence=n + 1,
                title=f"Idé {n + 1}",
                description="En idé för mätningen.",
                stage=stages[path[-1]],
                audience=rng.choice(AUDIENCES),
                submitter_gender=rng.choice(GENDERS),
                call=rng.choice(calls) if rng.random() < 0.3 else None,
                submitted_by_id=rng.choice(people),
                submission_fingerprint=f"bench-{n}",
                created_at=created,
                stage_changed_at=created,
            )
        )
        paths.append((created, path))

    idea_fields = [Idea._meta.get_field("created_at"), Idea._meta.get_field("stage_changed_at")]
    with explicit_timestamps(*idea_fields, StageChange._meta.get_field("at")):
        moves_per_idea = []
        for idea, (created, path) in zip(ideas, paths, strict=True):
            at, moves = created, []
            for previous, key in zip([None, *path[:-1]], path, strict=True):
                moves.append((previous, key, at))
                at = at + datetime.timedelta(days=rng.uniform(2, 45))
            # A history that would reach into the future starts earlier instead.
            late = max(moves[-1][2] - now, datetime.timedelta(0))
            moves = [(previous, key, at - late) for previous, key, at in moves]
            idea.created_at = moves[0][2]
            idea.stage_changed_at = moves[-1][2]
            moves_per_idea.append(moves)
        Idea.objects.bulk_create(ideas, batch_size=2000)
        changes = [
            StageChange(
                idea=idea,
                from_stage=stages[previous] if previous else None,
                to_stage=stages[key],
                moved_by_id=rng.choice(people),
                at=at,
            )
            for idea, moves in zip(ideas, moves_per_idea, strict=True)
            for previous, key, at in moves
        ]
        StageChange.objects.bulk_create(changes, batch_size=5000)

    past_received = [i for i, (_c, path) in zip(ideas, paths, strict=True) if len(path) > 1]
    CoachAssignment.objects.bulk_create(
        CoachAssignment(idea=idea, coach_id=rng.choice(people))
        for idea in past_received
        if rng.random() < 0.6
    )
    decided = [
        (idea, path)
        for idea, (_c, path) in zip(ideas, paths, strict=True)
        if "refinement" in path and len(path) > 3
    ]
    meetings = Meeting.objects.bulk_create(
        Meeting(held_on=today - datetime.timedelta(days=14 * n), title=f"Sammanträde {n}")
        for n in range(3 * 26)
    )
    items, decisions = [], []
    positions: dict[int, int] = {}
    for n, (idea, _path) in enumerate(decided):
        meeting = meetings[n % len(meetings)]
        positions[meeting.pk] = positions.get(meeting.pk, 0) + 1
        items.append(
            AgendaItem(
                meeting=meeting,
                idea=idea,
                position=positions[meeting.pk],
                preparation_memo="Beredning",
                stage_when_set=stages["refinement"],
                stage_changed_at_when_set=now,
            )
        )
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    for n, (item, (idea, path)) in enumerate(zip(items, decided, strict=True)):
        funded = path[-1] not in ("declined", "parked") and rng.random() < 0.85
        kind = rng.choice(FUNDING) if funded else rng.choice(["decline", "park"])
        decided_on = item.meeting.held_on
        decisions.append(
            Decision(
                agenda_item=item,
                idea=idea,
                kind=kind,
                amount_granted_sek=Decimal(rng.choice([5_000, 12_500, 40_000, 150_000]))
                if funded
                else Decimal(0),
                rationale="Motivering",
                registration_number=f"D-{n + 1:05d}",
                registration_year=decided_on.year,
                registration_sequence=n + 1,
                decided_on=decided_on,
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    CouncilBudget.objects.bulk_create(
        CouncilBudget(year=year, amount_sek=Decimal(2_000_000)) for year in years
    )
    tested = [d for d in decisions if d.kind in FUNDING]
    trials = Trial.objects.bulk_create(
        Trial(
            idea=d.idea,
            decision=d,
            kind="pilot" if d.kind == "pilot" else "test",
            title=f"Test av {d.idea.title}",
            goal="Mål",
            hypothesis="Hypotes",
            starts_on=d.decided_on,
            ends_on=d.decided_on + datetime.timedelta(days=rng.randint(30, 180)),
            status=rng.choice(["planned", "running", "completed", "completed", "stopped"]),
        )
        for d in tested
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            trial=trial,
            summary="Resultat",
            recommendation=rng.choice(["implement", "adjust", "stop"]),
            evaluated_on=trial.ends_on,
        )
        for trial in trials
        if trial.status == "completed"
    )
    activities = Activity.objects.bulk_create(
        Activity(
            kind=rng.choice(["workshop", "training", "meeting", "other"]),
            title=f"Aktivitet {n}",
            held_on=today - datetime.timedelta(days=rng.randint(0, 3 * 365 - 1)),
            head_count=rng.choice([None, None, 25, 40]),
        )
        for n in range(240)
    )
    Participant.objects.bulk_create(
        (
            Participant(
                activity=activity,
                person_id=rng.choice([None, *people]),
                name=f"Deltagare {m}",
                role=rng.choice(["manager", "staff", "citizen"]),
                gender=rng.choice(GENDERS),
                attended=rng.random() < 0.85,
            )
            for activity in activities
            for m in range(rng.randint(0, 15))
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {len(ideas)} ideas, {len(changes)} stage changes, {len(decisions)} decisions, "
        f"{len(trials)} trials, {len(activities)} activities"
    )


def is_report_query(sql: str) -> bool:
    """A statement of the report's figures (not the schema, domain, session or membership)."""
    return not sql.startswith("SET ") and not any(
        table in sql for table in ('"organizations_domain"', '"django_session"', '"accounts_')
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()

    prepare_database(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log, no debug pages: as in production
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from shared.accounts.models import Membership, Person
    from shared.organizations import services

    rng = random.Random(args.seed)
    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    organization = services.organization_provision(
        name="Bench kommun", slug=SLUG, kind="municipality", municipality_codes=["0687"]
    )
    people = [
        Person.objects.create_user(f"person{n}@example.org", "bench-only", full_name=f"P {n}")
        for n in range(5)
    ]
    for n, person in enumerate(people):
        Membership.objects.create(
            person=person, organization=organization, role="admin" if n == 0 else "coach"
        )

    with tenant_context(organization):
        started = time.perf_counter()
        seed(args.ideas, [p.pk for p in people], rng)
        print(f"seeding took {time.perf_counter() - started:.1f} s")
    connection.set_schema_to_public()

    client = Client(HTTP_HOST=HOST)
    client.force_login(people[0])
    year = timezone.localdate().year
    urls = [
        f"/api/v1/reports/dashboard/?year={year}",
        f"/api/v1/reports/dashboard/?year={year - 1}",
        "/api/v1/reports/dashboard/",
    ]

    # The SQL each request sends for its figures, captured from the API itself.
    report_sql: list[list[str]] = []
    statements = 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        sent = [q["sql"] for q in captured.captured_queries]
        statements = max(statements, len(sent))
        report_sql.append([s for s in sent if is_report_query(s)])
        print(
            f"{url}: {body['ideas']['total']} ideas, {len(body['lead_times'])} lead times, "
            f"{len(sent)} statements ({len(report_sql[-1])} for the figures)"
        )
    connection.set_schema_to_public()

    def api_request(n: int) -> float:
        started = time.perf_counter()
        response = client.get(urls[n % len(urls)])
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(response.content[:500])
        return elapsed

    def bare_sql(n: int) -> float:
        with tenant_context(organization), connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # django-tenants' SET search_path goes first, untimed
            started = time.perf_counter()
            for statement in report_sql[n % len(report_sql)]:
                cursor.execute(statement)
                cursor.fetchall()
            return (time.perf_counter() - started) * 1000

    # Alternate the two, so that both meet the same load on the machine.
    api_ms, sql_ms = [], []
    for n in range(20 + args.requests):  # the first 20 warm up: connections, plans, caches
        api, bare = api_request(n), bare_sql(n)
        if n >= 20:
            api_ms.append(api)
            sql_ms.append(bare)
    connection.set_schema_to_public()

    last_year = f"from={year - 1}-01-01&to={year - 1}-12-31"
    downloads = [f"/rapporter/{name}.xlsx?year={year - 1}" for name in REPORTS]
    downloads.append(f"/rapporter/equality.xlsx?{last_year}")
    per_download: dict[str, list[float]] = {url: [] for url in downloads}
    rounds = []
    for _round in range(5):
        round_started = time.perf_counter()
        for url in downloads:
            started = time.perf_counter()
            response = client.get(url)
            per_download[url].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.content[:300])
            assert response.content[:2] == b"PK"
        rounds.append(time.perf_counter() - round_started)

    api_p50, api_p95 = statistics.median(api_ms), percentile(api_ms, 0.95)
    sql_p50, sql_p95 = statistics.median(sql_ms), percentile(sql_ms, 0.95)
    xlsx_s = statistics.median(rounds)
    print(
        f"API  GET /api/v1/reports/dashboard/: p50 {api_p50:.2f} ms, p95 {api_p95:.2f} ms, "
        f"n={args.requests}, {statements} statements per request"
    )
    print(f"SQL  the same figures' statements:   p50 {sql_p50:.2f} ms, p95 {sql_p95:.2f} ms")
    print(f"ratio API/SQL: p50 {api_p50 / sql_p50:.2f}, p95 {api_p95 / sql_p95:.2f}")
    for url, seconds in per_download.items():
        print(f"xlsx {url}: median {statistics.median(seconds) * 1000:.1f} ms")
    print(f"xlsx all eight reports: median {xlsx_s:.3f} s")
    print(
        f"tenant_reports p95_ms={api_p95:.2f} sql_p95_ms={sql_p95:.2f} "
        f"ratio={api_p95 / sql_p95:.2f} xlsx_s={xlsx_s:.3f}"
    )


if __name__ == "__main__":
    main()
