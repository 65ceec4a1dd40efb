"""Measure the coordinator's national API against the naive live count, and how fresh it is.

    .venv/bin/python bench/national_stats.py [--organisations 290] [--ideas 200] [--requests 200]
    .venv/bin/python bench/national_stats.py --reuse   # measure again on the last run's data

``NATIONAL_STATS_ORGANISATIONS`` overrides the default number of organisations.
In a fresh database (``idesluss_bench_national`` on the embedded server, or on
the server of DATABASE_URL) provision one organisation per municipality (real
SCB codes, counties and populations), seed each with ``--ideas`` ideas and
their stage history, coach assignments, council decisions with amounts,
tests and pilots with evaluations, and activities with participants (the
reports benchmark's seeding, ``tenant_reports.seed``), and count them all once.

Then, alternating so both meet the same load:

- the coordinator's national API answer, ``GET /api/v1/figures/national/``
  (all time, the last twelve months, one county in turn) through Django's test
  client with a coordinator logged in: kept figures, one indexed query;
- the same headline figures computed live: one query per organisation's
  schema, summed (the naive way), ``--live-runs`` times.

Last, freshness with a real Celery worker (Redis; ``BENCH_REDIS_URL`` or
``redis://127.0.0.1:6379/14``): submit an idea in a random organisation
through its own service, and poll the national answer until its count of
ideas received shows it; ``--changes`` times. The last line is

    national_stats p95_ms=<ms> live_p95_ms=<ms> speedup=<live/api> freshness_p95_s=<s> organisations=<n>
"""  # noqa: E501

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time

from benchkit import percentile, prepare_database

BENCH_DATABASE = "idesluss_bench_national"


def live_headline(organizations: list, people: list[int]) -> dict[str, int]:  # type: ignore[type-arg]
    """The naive way: the headline figures from every organisation's schema, one query each."""
    from django.db import connection
    from django_tenants.utils import tenant_context

    totals = {"ideas": 0, "tested": 0, "implemented": 0, "decisions": 0, "managers": 0}
    sql = """
        SELECT (SELECT COUNT(*) FROM ideas_idea),
               (SELECT COUNT(DISTINCT idea_id) FROM trials_trial),
               (SELECT COUNT(*) FROM ideas_idea i JOIN ideas_stage s ON s.id = i.stage_id
                 WHERE s.kind = 'done'),
               (SELECT COUNT(*) FROM council_decision),
               (SELECT COUNT(*) FROM activities_participant p
                  JOIN activities_activity a ON a.id = p.activity_id
                 WHERE a.kind = 'training' AND p.attended AND p.role = 'manager')
    """
    for organization in organizations:
        with tenant_context(organization), connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
            for key, value in zip(totals, row, strict=True):
                totals[key] += value
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--organisations",
        type=int,
        default=int(os.environ.get("NATIONAL_STATS_ORGANISATIONS", "290")),
    )
    parser.add_argument("--ideas", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--live-runs", type=int, default=10)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the organisations a previous run left in the database",
    )
    args = parser.parse_args()

    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    if args.reuse:
        from config import database

        server_url = os.environ.get("DATABASE_URL") or database.embedded_database_url("postgres")
        os.environ["DATABASE_URL"] = database.with_database_name(server_url, BENCH_DATABASE)
    else:
        prepare_database(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CELERY_BROKER_URL"] = redis_url
    os.environ["CELERY_RESULT_BACKEND"] = redis_url
    import django

    django.setup()
    from celery.contrib.testing.worker import start_worker
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import tenant_context
    from tenant_reports import seed

    from config.celery import app
    from network.figures import services as figure_services
    from shared.accounts.models import Person
    from shared.core import geography
    from shared.organizations import services
    from tenants.ideas import services as idea_services

    rng = random.Random(args.seed)
    if args.reuse:
        from shared.organizations.models import Organization

        people = list(Person.objects.filter(email__startswith="person").order_by("pk"))
        coordinator = Person.objects.get(email="samordnare@example.org")
        organizations = list(Organization.objects.filter(slug__startswith="bench-"))
        print(f"reusing {len(organizations)} organisations")
    else:
        call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
        people = [
            Person.objects.create_user(f"person{n}@example.org", "bench-only", full_name=f"P {n}")
            for n in range(5)
        ]
        coordinator = Person.objects.create_user(
            "samordnare@example.org",
            "bench-only",
            full_name="Samordnare",
            platform_role="national_coordinator",
        )
        municipalities = list(geography.municipalities().values())
        rng.shuffle(municipalities)
        municipalities = municipalities[: args.organisations]
        # Seeding runs in the foreground: no tasks while the schemas fill up.
        app.conf.task_always_eager = True
        organizations = []
        started = time.perf_counter()
        for n, municipality in enumerate(municipalities):
            organization = services.organization_provision(
                name=f"Bench {municipality.name}",
                slug=f"bench-{municipality.code}",
                kind="municipality",
                municipality_codes=[municipality.code],
                status="active",
            )
            with tenant_context(organization):
                seed(args.ideas, [p.pk for p in people], rng)
            organizations.append(organization)
            if (n + 1) % 25 == 0:
                print(f"{n + 1} organisations provisioned and seeded", flush=True)
        print(f"provisioning and seeding took {time.perf_counter() - started:.0f} s")
        connection.set_schema_to_public()

    started = time.perf_counter()
    durations = []
    for organization in organizations:
        durations.append(figure_services.figures_recount(organization_id=organization.pk))
    print(
        f"first count of {len(organizations)} organisations: {time.perf_counter() - started:.1f} s "
        f"(median {statistics.median(r.duration_ms for r in durations)} ms each, "
        f"{sum(r.rows for r in durations)} kept rows)"
    )
    # What autovacuum does after a bulk fill: the roll-ups were updated once per organisation.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE figures_areamonthcount")
        cursor.execute("VACUUM ANALYZE figures_organizationmonthcount")
        cursor.execute("VACUUM ANALYZE figures_fillstate")
        cursor.execute("ANALYZE")

    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    today = timezone.localdate()
    year_ago = (today.replace(day=1) - __import__("datetime").timedelta(days=335)).replace(day=1)
    urls = [
        "/api/v1/figures/national/",
        f"/api/v1/figures/national/?fran={year_ago:%Y-%m}&till={today:%Y-%m}",
        f"/api/v1/figures/national/?lan={organizations[0].county_code}",
    ]
    first = client.get(urls[0]).json()
    live = live_headline(organizations, [])
    assert first["headline"]["ideas_received"] == live["ideas"], (first, live)
    assert first["headline"]["ideas_implemented"] <= live["implemented"] + 0
    print(f"national answer: {first['headline']}")

    def api_request(n: int) -> float:
        begun = time.perf_counter()
        response = client.get(urls[n % len(urls)])
        elapsed = (time.perf_counter() - begun) * 1000
        if response.status_code != 200:
            raise RuntimeError(response.content[:300])
        return elapsed

    def live_request() -> float:
        begun = time.perf_counter()
        live_headline(organizations, [])
        connection.set_schema_to_public()
        return (time.perf_counter() - begun) * 1000

    for n in range(20):  # warm up: connections, plans, caches
        api_request(n)
    api_ms: list[float] = []
    live_ms: list[float] = []
    per_live = max(1, args.requests // args.live_runs)
    for n in range(args.requests):
        api_ms.append(api_request(n))
        if n % per_live == 0 and len(live_ms) < args.live_runs:
            live_ms.append(live_request())
    filtered_ms = []
    for n in range(40):
        begun = time.perf_counter()
        response = client.get(f"/api/v1/figures/national/?storlek={['lt10k', '10k', '25k'][n % 3]}")
        filtered_ms.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200

    # Freshness: a real worker, the change committed by the organisation's own service.
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    app._after_fork()
    app._backend_cache = None
    app._local = threading.local()
    with app.connection_for_write() as broker:
        broker.default_channel.queue_purge("default")
    fresh_s: list[float] = []
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["default"]):
        for n in range(args.changes):
            organization = rng.choice(organizations)
            before = client.get(urls[0]).json()["headline"]["ideas_received"]
            with tenant_context(organization):
                idea_services.idea_submit(
                    # Distinct: the same text twice would be taken as a double submission.
                    title=f"En ny idé nummer {n}",
                    description=f"Mäter hur snabbt idé {n} syns.",
                    audience="staff",
                    submitted_by=people[0],
                )
            committed = time.perf_counter()
            connection.set_schema_to_public()
            while True:
                now_count = client.get(urls[0]).json()["headline"]["ideas_received"]
                if now_count > before:
                    fresh_s.append(time.perf_counter() - committed)
                    break
                if time.perf_counter() - committed > 120:
                    raise RuntimeError(f"the change in {organization.slug} never showed")
                time.sleep(0.1)

    api_p50, api_p95 = statistics.median(api_ms), percentile(api_ms, 0.95)
    live_p50, live_p95 = statistics.median(live_ms), percentile(live_ms, 0.95)
    fresh_p50, fresh_p95 = statistics.median(fresh_s), percentile(fresh_s, 0.95)
    print(
        f"API  national answer (kept):  p50 {api_p50:.2f} ms, p95 {api_p95:.2f} ms, n={len(api_ms)}"
    )
    print(
        f"API  filtered by population band (one aggregate over organisations' rows): "
        f"p50 {statistics.median(filtered_ms):.2f} ms, p95 {percentile(filtered_ms, 0.95):.2f} ms"
    )
    print(f"live across {len(organizations)} schemas: p50 {live_p50:.0f} ms, p95 {live_p95:.0f} ms")
    print(
        f"freshness (commit to national answer, real worker, debounce "
        f"{figure_services.debounce_seconds():.0f} s): p50 {fresh_p50:.1f} s, p95 {fresh_p95:.1f} s"
    )
    print(
        f"national_stats p95_ms={api_p95:.2f} live_p95_ms={live_p95:.0f} "
        f"speedup={live_p95 / api_p95:.0f} freshness_p95_s={fresh_p95:.1f} "
        f"organisations={len(organizations)}"
    )


if __name__ == "__main__":
    main()
