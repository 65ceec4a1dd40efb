"""Measure network search through the API against the bare SQL of the same page, in one run.

    .venv/bin/python bench/network_search.py [--items 50000] [--requests 300]

In a fresh database (``idesluss_bench_network`` on the embedded server, or on
the server of DATABASE_URL) provision one organisation (Lerum, the one that
searches, with a schema, a coach and an API token) and add Sweden's other 289
municipalities as organisations (public rows: the network reads nothing else),
from ``shared/core/data/municipalities.csv`` with their county and population.
Seed ``--items`` published needs, proven ideas and methods from those 290
organisations, weighted by population, with generated Swedish titles and texts,
areas, phases and outcomes, and co-signatures on needs. Then, going through a
list of searches with filters in turn, time ``--requests`` requests of

    GET /api/v1/network/publications/?q=<words>&<filters>&page_size=25

through Django's test client (token authentication, Lerum's host), and the same
number of runs of the bare SQL each request sends for its page (its count and
its rows, captured from the API itself) with ``cursor.execute``. Also count the
statements of one item: the API's item endpoint and the item page (session).
The last line is

    network_search p95_ms=<ms> sql_p95_ms=<ms> ratio=<api/sql> queries=<n> items=<n>

``queries`` is every statement the API's item endpoint sends (host lookup, both
``SET search_path``, token, membership included).

``--profile`` prints where one request of each search spends its time
(pyinstrument), before measuring.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from benchkit import percentile, prepare_database
from ideas_api import ACTIONS, BENEFITS, OBJECTS, PLACES, PROBLEMS, SOLUTIONS, setup_django, timed

BENCH_DATABASE = "idesluss_bench_network"
SLUG = "bench-lerum"
HOST = f"{SLUG}.localhost"
SEARCHER_CODE = "1441"  # Lerum
# The coach's API key, handed to the measuring process (it is shown only once).
KEY_VARIABLE = "NETWORK_BENCH_API_KEY"

AREAS = [
    "Äldreomsorg",
    "Hemtjänst",
    "Grundskola",
    "Förskola",
    "Skola och måltider",
    "Kultur och fritid",
    "Samhällsbyggnad",
    "Socialtjänst",
    "Näringsliv",
    "Kommunledning",
    "Miljö och klimat",
    "Digitalisering",
]
NEED_OPENINGS = [
    "Vi har svårt att",
    "Det saknas ett bra sätt att",
    "Invånarna efterfrågar hjälp att",
    "Personalen lägger för mycket tid på att",
    "Vi behöver hitta nya sätt att",
]
NEED_VERBS = [
    "nå äldre som bor ensamma",
    "minska matsvinnet",
    "rekrytera undersköterskor",
    "ge service på landsbygden",
    "hantera felanmälningar",
    "planera skolskjutsar",
    "minska energiförbrukningen",
    "få unga att delta",
    "samordna hemtjänstens besök",
    "korta handläggningstiderna",
]
METHOD_TITLES = [
    "Tjänstedesign i fem steg",
    "Idéworkshop för arbetsplatsträffar",
    "Testbädd för välfärdsteknik",
    "Innovativ chef: utbildning i fyra träffar",
    "Brukarintervjuer före test",
    "Snabbtest på tre enheter",
    "Behovsinventering med invånarpanel",
]
KINDS = [("need", 0.45), ("idea", 0.40), ("method", 0.15)]
PHASES = [("test", 0.4), ("evaluation", 0.35), ("implemented", 0.25)]
OUTCOMES = ["implement", "implement", "adjust", "stop"]
PROBLEM_SIZES = ["small", "medium", "large"]

# The searches the measured requests go through in turn: words and filters.
SEARCHES = [
    {"q": "hemtjänst", "kind": "need"},
    {"q": "matsvinn", "county": "14"},
    {"q": "digital bokning", "stage": "test"},
    {"q": "äldreomsorgen", "population_band": "lt10k"},
    {"q": "cykelparkring"},  # misspelt: found by trigram similarity
    {"q": "trygghet", "outcome": "implement"},
    {"q": "solceller", "kind": "idea", "county": "01"},
    {"kind": "need", "min_cosigns": "2"},
    {"q": "skolskjuts", "min_cosigns": "1"},
    {"area": "Äldreomsorg", "county": "22"},
]


def _pick_organizations(rng: random.Random, organizations: list, count: int) -> list:
    """Organisations for ``count`` items: bigger municipalities publish more, everyone some."""
    weights = [max(org.population, 2_000) ** 0.5 for org in organizations]
    return rng.choices(organizations, weights, k=count)


def seed(count: int, rng: random.Random) -> None:
    """Create 289 organisations and ``count`` published items with co-signatures."""
    from django.db import connection
    from django.utils import timezone

    from network.exchange.models import CoSignature, PopulationBand, Publication
    from shared.core import geography
    from shared.organizations.models import Organization

    municipalities = geography.municipalities()
    Organization.objects.bulk_create(
        [
            Organization(
                schema_name=f"bench_{m.code}",
                name=f"{m.name} kommun",
                slug=f"bench-{m.code}",
                kind="municipality",
                municipality_codes=[m.code],
                county_code=m.county_code,
                population=m.population,
                status="active",
            )
            for m in municipalities.values()
            if m.code != SEARCHER_CODE
        ]
    )
    organizations = list(Organization.objects.tenants())
    assert len(organizations) == 290, len(organizations)
    now = timezone.now()
    kinds = [kind for kind, _share in KINDS]
    kind_weights = [share for _kind, share in KINDS]
    phases = [phase for phase, _share in PHASES]
    phase_weights = [share for _phase, share in PHASES]
    items, cosigners_of = [], []
    for n, origin in enumerate(_pick_organizations(rng, organizations, count)):
        kind = rng.choices(kinds, kind_weights)[0]
        area = rng.choice(AREAS)
        if kind == "need":
            title = f"{rng.choice(NEED_OPENINGS)} {rng.choice(NEED_VERBS)} {rng.choice(PLACES)}"
            body = " ".join([rng.choice(PROBLEMS), rng.choice(PROBLEMS)])
        elif kind == "idea":
            title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
            body = " ".join([rng.choice(PROBLEMS), rng.choice(SOLUTIONS), rng.choice(SOLUTIONS)])
        else:
            title = f"{rng.choice(METHOD_TITLES)} – {rng.choice(OBJECTS)}"
            body = " ".join([rng.choice(SOLUTIONS), rng.choice(SOLUTIONS)])
        published_at = now - timedelta(days=rng.uniform(0, 3 * 365))
        stage = rng.choices(phases, phase_weights)[0] if kind == "idea" else ""
        outcome = rng.choice(OUTCOMES) if kind == "idea" and stage != "test" else ""
        evidence = (
            {
                "tests": [{"title": f"Test: {title[:60]}", "units": ["Enhet A", "Enhet B"]}],
                "latest_evaluation": {
                    "effects": rng.choice(BENEFITS),
                    "actual_cost_sek": f"{rng.randint(5, 500) * 1000}.00",
                    "recommendation": outcome,
                },
            }
            if outcome
            else {}
        )
        cosigners = []
        if kind == "need" and rng.random() < 0.35:
            cosigners = [
                org
                for org in {o.pk: o for o in rng.sample(organizations, rng.randint(1, 6))}.values()
                if org.pk != origin.pk
            ]
        items.append(
            Publication(
                organization=origin,
                kind=kind,
                source_id=n + 1,
                title=title[:200],
                summary=rng.choice(BENEFITS) if kind == "idea" else body[:200],
                body=body,
                area=area,
                tags=rng.sample(["digitalisering", "klimat", "trygghet", "vård", "skola"], 2),
                stage=stage,
                stage_name={"test": "Test", "evaluation": "Utvärdering"}.get(
                    stage, "Införd/spridd" if stage else ""
                ),
                outcome=outcome,
                evidence=evidence,
                contact_role=f"Idéslussen i {origin.name}",
                origin_name=origin.name,
                county_code=origin.county_code,
                municipality_codes=origin.municipality_codes,
                population_band=PopulationBand.for_population(origin.population),
                cosign_count=len(cosigners),
                published_at=published_at,
                updated_at=published_at,
            )
        )
        cosigners_of.append(cosigners)
    Publication.objects.bulk_create(items, batch_size=2000)
    cosignatures = [
        CoSignature(
            publication=item,
            organization=org,
            organization_name=org.name,
            county_code=org.county_code,
            local_context=rng.choice(PROBLEMS),
            problem_size=rng.choice(PROBLEM_SIZES),
            affected_count=rng.choice([None, rng.randint(10, 5000)]),
        )
        for item, cosigners in zip(items, cosigners_of, strict=True)
        for org in cosigners
    ]
    CoSignature.objects.bulk_create(cosignatures, batch_size=5000)
    # Like a database that has run a while: hint bits, visibility map and statistics fresh.
    with connection.cursor() as cursor:
        for table in ("exchange_publication", "exchange_cosignature", "exchange_follow"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    print(f"seeded {len(items)} items from 290 organisations, {len(cosignatures)} co-signatures")


def create(items: int, seed_value: int) -> str:
    """Provision the searching organisation and its coach; seed the network."""
    from django.core.management import call_command

    from shared.accounts import services as account_services
    from shared.accounts.models import Membership, Person
    from shared.organizations import services

    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    organization = services.organization_provision(
        name="Lerums kommun", slug=SLUG, kind="municipality", municipality_codes=[SEARCHER_CODE]
    )
    coach = Person.objects.create_user("coach@example.org", "bench-only", full_name="Bench Coach")
    Membership.objects.create(person=coach, organization=organization, role="coach")
    issued = account_services.api_token_create(person=coach, organization=organization)
    started = time.perf_counter()
    seed(items, random.Random(seed_value))
    print(f"seeding took {time.perf_counter() - started:.1f} s")
    return issued.key


def _new_key() -> str:
    """A fresh key for the coach, when measuring a database seeded by an earlier run."""
    from shared.accounts import services as account_services
    from shared.accounts.models import Membership

    membership = Membership.objects.get(person__email="coach@example.org")
    return account_services.api_token_create(
        person=membership.person, organization=membership.organization
    ).key


def profile(client: Any, urls: list[str]) -> None:
    """Print pyinstrument's view of one request of each search, after warming up."""
    from pyinstrument import Profiler

    for url in urls:
        client.get(url)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for url in urls:
            client.get(url)
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def measure(requests: int, *, with_profile: bool = False) -> None:
    """Time the API and the bare SQL of its pages; count an item's statements; print."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from network.exchange.models import Publication
    from shared.accounts.models import Person

    key = os.environ.get(KEY_VARIABLE) or _new_key()
    client = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Token {key}")
    urls = [
        "/api/v1/network/publications/?" + urlencode({**search, "page_size": 25})
        for search in SEARCHES
    ]

    if with_profile:
        profile(client, urls)

    # The SQL each request sends for its page: the count and the rows, nothing else.
    page_sql: list[list[str]] = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        assert body["results"], f"no results for {url}"
        statements = [q["sql"] for q in captured.captured_queries]
        page_sql.append([s for s in statements if '"exchange_publication"' in s])
        print(f"{url}: {body['count']} matches, {len(statements)} statements")
    items = Publication.objects.published().count()
    item = Publication.objects.filter(kind="idea").exclude(outcome="").order_by("pk").first()
    assert item is not None
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/network/publications/{item.pk}/")
    assert response.status_code == 200, response.content[:500]
    item_queries = len(captured.captured_queries)
    page_client = Client(HTTP_HOST=HOST)
    page_client.force_login(Person.objects.get(email="coach@example.org"))
    with CaptureQueriesContext(connection) as captured:
        response = page_client.get(f"/natverk/{item.pk}/")
    assert response.status_code == 200, response.content[:300]
    page_queries = len(captured.captured_queries)
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

    for n in range(3 * len(urls)):  # warm up both: connections, plans, caches
        api_request(n)
    api_ms, api_seconds = timed(api_request, requests)
    for n in range(3 * len(urls)):
        bare_sql(n)
    sql_ms, sql_seconds = timed(bare_sql, requests)

    api_p50, api_p95 = statistics.median(api_ms), percentile(api_ms, 0.95)
    sql_p50, sql_p95 = statistics.median(sql_ms), percentile(sql_ms, 0.95)
    print(
        f"API  GET /api/v1/network/publications/?q=…&filters&page_size=25: p50 {api_p50:.2f} ms, "
        f"p95 {api_p95:.2f} ms, {requests / api_seconds:.0f} requests/s, n={requests}"
    )
    print(
        f"SQL  count + page of the same queryset: p50 {sql_p50:.2f} ms, "
        f"p95 {sql_p95:.2f} ms, {requests / sql_seconds:.0f} pages/s"
    )
    print(f"ratio API/SQL: p50 {api_p50 / sql_p50:.2f}, p95 {api_p95 / sql_p95:.2f}")
    print(
        f"item {item.pk}: API item endpoint {item_queries} statements; "
        f"item page (session, with adoption's spread panel) {page_queries} statements"
    )
    print(
        f"network_search p95_ms={api_p95:.2f} sql_p95_ms={sql_p95:.2f} "
        f"ratio={api_p95 / sql_p95:.2f} queries={item_queries} items={items}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--profile", action="store_true", help="profile one request per search")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure_only:  # the second process: DATABASE_URL names the seeded database
        setup_django()
        measure(args.requests, with_profile=args.profile)
        return
    prepare_database(BENCH_DATABASE)
    setup_django()
    key = create(args.items, args.seed)
    # Measure in a fresh process, as a server would run: not one that just seeded.
    command = [sys.executable, __file__, "--measure-only", "--requests", str(args.requests)]
    command += ["--profile"] if args.profile else []
    subprocess.run(command, check=True, env={**os.environ, KEY_VARIABLE: key})


if __name__ == "__main__":
    main()
