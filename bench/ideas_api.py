"""Measure the idea list API against the bare SQL of the same page, in one run.

    .venv/bin/python bench/ideas_api.py [--ideas 10000] [--requests 300]

In a fresh database (``idesluss_bench_ideas`` on the embedded server, or on the
server of DATABASE_URL) provision one organisation and seed it with
``--ideas`` ideas with varied Swedish titles and descriptions, unique
registration numbers and a stage history each. No follows and no supports are
seeded: the ``support_count`` and ``follow_count`` every listed idea carries are
counted over empty tables, so the figures are those of ideas nobody follows or
supports. Then, alternating search terms
and stages, time ``--requests`` requests of

    GET /api/v1/ideas/?stage=<key>&q=<term>&page_size=25

through Django's test client (token authentication, the organisation's host),
and the same number of runs of the bare SQL that request sends for the page
(its count and its rows, captured from the API itself), executed with
``cursor.execute``. Prints p50, p95 and requests per second of both and their
ratio; the last line is

    ideas_api p95_ms=<ms> rps=<n> sql_p95_ms=<ms> ratio=<api/sql> queries=<n>

``queries`` is every statement one API request sends (CaptureQueriesContext),
any ``SET search_path`` of django-tenants included.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from benchkit import explicit_timestamps, percentile, prepare_database

BENCH_DATABASE = "idesluss_bench_ideas"
SLUG = "bench-ideer"
HOST = f"{SLUG}.localhost"

# Stage keys and how many of the ideas end up there.
STAGE_SHARES = [
    ("received", 0.24),
    ("screening", 0.18),
    ("refinement", 0.14),
    ("test", 0.10),
    ("evaluation", 0.08),
    ("implemented", 0.08),
    ("declined", 0.10),
    ("parked", 0.06),
    ("merged", 0.02),
]
OPEN_PATH = ["received", "screening", "refinement", "test", "evaluation", "implemented"]
# (stage, search term) pairs the measured requests go through in turn.
QUERIES = [
    ("received", "cykelparkering"),
    ("screening", "matsedel"),
    ("received", "hemtjänsten"),
    ("refinement", "solceller"),
    ("received", "digital bokning"),
    ("test", "skolskjuts"),
    ("received", "trygghet"),
    ("screening", "förskolan"),
]

ACTIONS = [
    "Digital",
    "Gemensam",
    "Mobil",
    "Smartare",
    "Hållbar",
    "Enklare",
    "Ny rutin för",
    "Pilot med",
    "App för",
    "Bättre",
    "Självservice för",
    "Samordnad",
    "Klimatsmart",
    "Tillgänglig",
    "Automatisk",
]
OBJECTS = [
    "matsedel",
    "bilpool",
    "cykelparkering",
    "bokning av lokaler",
    "felanmälan",
    "skolskjuts",
    "avfallssortering",
    "laddplatser",
    "läxhjälp",
    "trygghetsvandring",
    "hemtjänstplanering",
    "parkskötsel",
    "snöröjning",
    "bibliotekslån",
    "vattenmätning",
    "solceller",
    "språkcafé",
    "ansökan om föreningsbidrag",
    "bygglovsansökan",
    "ungdomsråd",
    "digital bokning av tvättstuga",
    "matsvinnsmätning",
    "sophämtning",
    "belysning",
    "friskvård",
    "introduktion av nyanställda",
    "larmhantering",
    "medicinpåminnelse",
    "gångtrafik",
    "kollektivtrafikinformation",
]
PLACES = [
    "i äldreboendet",
    "vid skolorna",
    "på biblioteket",
    "i hemtjänsten",
    "för föreningslivet",
    "i centrum",
    "på fritidsgården",
    "för nyanlända",
    "i kommunhuset",
    "på förskolan",
    "i simhallen",
    "längs cykelvägarna",
    "i socialtjänsten",
    "för företagen",
    "på vårdcentralen",
]
PROBLEMS = [
    "Idag tar det lång tid och många samtal innan något händer.",
    "Personalen lägger mycket tid på administration i stället för på brukarna.",
    "Invånarna hittar inte informationen och ringer kundcenter.",
    "Det blir mycket matsvinn och onödiga transporter.",
    "Barn och unga känner sig otrygga på kvällarna.",
    "Äldre har svårt att använda de digitala tjänsterna.",
    "Lokalerna står tomma stora delar av veckan.",
    "Föreningarna upplever att ansökningarna är krångliga.",
    "Energikostnaderna har ökat kraftigt de senaste åren.",
    "Nyanställda vet inte vart de ska vända sig de första veckorna.",
]
SOLUTIONS = [
    "Vi föreslår en enkel tjänst i mobilen där man själv kan boka och följa ärendet.",
    "Ett gemensamt schema som alla enheter ser skulle minska dubbelarbetet.",
    "Genom att testa i tre enheter först kan vi se effekten innan vi breddar.",
    "En skärm i entrén med dagens information skulle hjälpa många.",
    "Sensorer som mäter och larmar skulle ge bättre underlag för beslut.",
    "Samverkan med föreningslivet och näringslivet kan dela på kostnaden.",
    "En kort utbildning och en checklista räcker långt.",
    "Vi kan återanvända en lösning som en grannkommun redan har infört.",
]
BENEFITS = [
    "Mer tid för kärnuppdraget och nöjdare medarbetare.",
    "Lägre kostnader och minskad klimatpåverkan.",
    "Ökad trygghet och delaktighet för invånarna.",
    "Kortare handläggningstider.",
    "Bättre service till invånare och företag.",
]
UNITS = ["Grundskolan", "Äldreomsorgen", "Hemtjänsten", "Kultur och fritid", "Samhällsbyggnad"]
AUDIENCES = ["staff"] * 6 + ["citizen"] * 3 + ["business", "association"]
REASONS = {
    "screening": "Beredd av innovationsenheten.",
    "refinement": "Idécoach tilldelad; förädlas vidare.",
    "test": "Idérådet beviljade medel för test.",
    "evaluation": "Testet avslutat; utvärdering pågår.",
    "implemented": "Införs i hela verksamheten.",
    "declined": "Avböjd: liknande lösning finns redan.",
    "parked": "Parkerad i väntan på budget.",
    "merged": "Sammanslagen med en liknande idé.",
}


def seed(count: int, coach_ids: list[int], rng: random.Random) -> None:
    """Create ``count`` ideas with their stage changes (no follows, no supports)."""
    from django.db import connection
    from django.utils import timezone

    from tenants.ideas.models import Idea, Stage, StageChange
    from tenants.registry.models import RegistrationCounter

    stages = {stage.key: stage for stage in Stage.objects.all()}
    now = timezone.now()
    keys = [key for key, _share in STAGE_SHARES]
    weights = [share for _key, share in STAGE_SHARES]
    sequences: dict[int, int] = {}
    ideas, plans = [], []
    for n in range(count):
        created = now - timedelta(days=rng.uniform(1, 5 * 365), minutes=rng.uniform(0, 1440))
        year = timezone.localtime(created).year
        sequences[year] = sequences.get(year, 0) + 1
        target = rng.choices(keys, weights)[0]
        if target in OPEN_PATH:
            path = OPEN_PATH[: OPEN_PATH.index(target) + 1]
        else:  # closed after any open stage but the last
            path = [*OPEN_PATH[: rng.randint(1, 4)], target]
        title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
        if rng.random() < 0.3:
            title += f" ({rng.choice(UNITS).lower()})"
        description = " ".join([rng.choice(PROBLEMS), rng.choice(SOLUTIONS), rng.choice(SOLUTIONS)])
        ideas.append(
            Idea(
                registration_number=f"{year}-{sequences[year]:04d}",
                registration_year=year,
                registration_sequence=sequences[year],
                title=title[:200],
                description=description,
                expected_benefit=rng.choice(BENEFITS),
                unit=rng.choice(UNITS),
                tags=rng.sample(["digitalisering", "klimat", "trygghet", "vård", "skola"], 2),
                stage=stages[path[-1]],
                audience=rng.choice(AUDIENCES),
                submitted_by_id=rng.choice(coach_ids),
                is_public=rng.random() < 0.2,
                submission_fingerprint=f"bench-{n}",
                created_at=created,
                stage_changed_at=created,
            )
        )
        plans.append((created, path))

    idea_fields = [Idea._meta.get_field("created_at"), Idea._meta.get_field("stage_changed_at")]
    with explicit_timestamps(*idea_fields, StageChange._meta.get_field("at")):
        # stage_changed_at follows the last move; set it before the rows go in.
        changes_per_idea = []
        for idea, (created, path) in zip(ideas, plans, strict=True):
            at, moves = created, []
            for previous, key in zip([None, *path[:-1]], path, strict=True):
                moves.append((previous, key, at))
                at = at + timedelta(days=rng.uniform(3, 60))
            idea.stage_changed_at = moves[-1][2]
            changes_per_idea.append(moves)
        Idea.objects.bulk_create(ideas, batch_size=1000)
        changes = [
            StageChange(
                idea=idea,
                from_stage=stages[previous] if previous else None,
                to_stage=stages[key],
                moved_by_id=rng.choice(coach_ids) if previous else idea.submitted_by_id,
                reason=REASONS.get(key, "") if previous else "",
                at=at,
            )
            for idea, moves in zip(ideas, changes_per_idea, strict=True)
            for previous, key, at in moves
        ]
        StageChange.objects.bulk_create(changes, batch_size=2000)
    for year, last in sequences.items():
        RegistrationCounter.objects.update_or_create(
            series="idea", year=year, defaults={"last_number": last}
        )
    # Like a database that has run a while: hint bits, visibility map and statistics fresh.
    with connection.cursor() as cursor:
        for table in ("ideas_idea", "ideas_stagechange", "ideas_stage"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    print(f"seeded {len(ideas)} ideas and {len(changes)} stage changes")


def timed(action: Callable[[int], Any], runs: int) -> tuple[list[float], float]:
    """Milliseconds of each run, and the seconds of all of them together."""
    timings = []
    started = time.perf_counter()
    for n in range(runs):
        t0 = time.perf_counter()
        action(n)
        timings.append((time.perf_counter() - t0) * 1000)
    return timings, time.perf_counter() - started


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log, no debug pages: as in production
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def create(ideas: int, seed_value: int) -> None:
    """Provision the organisation and its people, and seed its ideas."""
    from django.core.management import call_command
    from django_tenants.utils import tenant_context
    from rest_framework.authtoken.models import Token

    from shared.accounts.models import Membership, Person
    from shared.organizations import services

    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    organization = services.organization_provision(
        name="Bench kommun", slug=SLUG, kind="municipality", municipality_codes=["0687"]
    )
    people = [
        Person.objects.create_user(f"coach{n}@example.org", "bench-only", full_name=f"Coach {n}")
        for n in range(5)
    ]
    for person in people:
        Membership.objects.create(person=person, organization=organization, role="coach")
    Token.objects.create(user=people[0])
    with tenant_context(organization):
        started = time.perf_counter()
        seed(ideas, [p.pk for p in people], random.Random(seed_value))
        print(f"seeding took {time.perf_counter() - started:.1f} s")


def measure(requests: int) -> None:
    """Time the API and the bare SQL of its pages; print the figures."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context
    from rest_framework.authtoken.models import Token

    from shared.organizations.models import Organization

    token = Token.objects.get(user__email="coach0@example.org")
    client = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Token {token.key}")
    urls = [f"/api/v1/ideas/?stage={stage}&q={term}&page_size=25" for stage, term in QUERIES]

    # The SQL each request sends for its page: the count and the rows, nothing else.
    page_sql: list[list[str]] = []
    queries = sql_queries = 0
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        assert response.json()["results"], f"no results for {url}"
        statements = [q["sql"] for q in captured.captured_queries]
        queries = max(queries, len(statements))
        sql_queries = max(sql_queries, sum(not s.startswith("SET ") for s in statements))
        page_sql.append([s for s in statements if '"ideas_idea"' in s])
        print(f"{url}: {response.json()['count']} matches, {len(statements)} statements")
    connection.set_schema_to_public()  # type: ignore[attr-defined]

    def api_request(n: int) -> None:
        response = client.get(urls[n % len(urls)])
        if response.status_code != 200:
            raise RuntimeError(response.content[:500])

    def bare_sql(n: int) -> None:
        with connection.cursor() as cursor:
            for statement in page_sql[n % len(page_sql)]:
                cursor.execute(statement)
                cursor.fetchall()

    for n in range(30):  # warm up both: connections, plans, caches
        api_request(n)
    api_ms, api_seconds = timed(api_request, requests)
    with schema_context(Organization.objects.get(slug=SLUG).schema_name):
        for n in range(30):
            bare_sql(n)
        sql_ms, sql_seconds = timed(bare_sql, requests)

    api_p50, api_p95 = statistics.median(api_ms), percentile(api_ms, 0.95)
    sql_p50, sql_p95 = statistics.median(sql_ms), percentile(sql_ms, 0.95)
    rps = requests / api_seconds
    print(
        f"API  GET /api/v1/ideas/?stage=…&q=…&page_size=25: p50 {api_p50:.2f} ms, "
        f"p95 {api_p95:.2f} ms, {rps:.0f} requests/s, n={requests}"
    )
    print(
        f"SQL  count + page of the same queryset:           p50 {sql_p50:.2f} ms, "
        f"p95 {sql_p95:.2f} ms, {requests / sql_seconds:.0f} pages/s"
    )
    print(
        f"ratio API/SQL: p50 {api_p50 / sql_p50:.2f}, p95 {api_p95 / sql_p95:.2f}; "
        f"statements per request {queries} ({sql_queries} without SET search_path)"
    )
    print(
        f"ideas_api p95_ms={api_p95:.2f} rps={rps:.0f} sql_p95_ms={sql_p95:.2f} "
        f"ratio={api_p95 / sql_p95:.2f} queries={queries}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure_only:  # the second process: DATABASE_URL names the seeded database
        setup_django()
        measure(args.requests)
        return
    prepare_database(BENCH_DATABASE)
    setup_django()
    create(args.ideas, args.seed)
    # Measure in a fresh process, as a server would run: not one that just
    # migrated, provisioned and built tens of thousands of rows.
    command = [sys.executable, __file__, "--measure-only", "--requests", str(args.requests)]
    subprocess.run(command, check=True, env=os.environ.copy())


if __name__ == "__main__":
    main()
