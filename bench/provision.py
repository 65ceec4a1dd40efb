"""Measure the two ways of creating an organisation's schema, alternating, in one run.

    .venv/bin/python bench/provision.py [--count 50]

In a fresh database (``idesluss_bench`` on the embedded server, or on the
server of DATABASE_URL) with the demo organisations in place, provision
``--count`` organisations by running every migration and ``--count`` by
cloning the template schema, alternating which goes first in each round.
Prints the median seconds of each and their ratio; the last line is

    provision migrate_median_s=<s> clone_median_s=<s> chosen_median_s=<s>
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchkit import prepare_database

BENCH_DATABASE = "idesluss_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=50, help="organisations per strategy")
    args = parser.parse_args()

    prepare_database(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from shared.core import demo
    from shared.organizations import schemas, services

    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    demo.demo_seed(log=lambda *_: None)
    schemas.template_schema_ensure()  # a one-time cost of cloning, paid before timing

    timings: dict[str, list[float]] = {strategy: [] for strategy in schemas.STRATEGIES}
    for round_number in range(args.count):
        order = schemas.STRATEGIES if round_number % 2 == 0 else schemas.STRATEGIES[::-1]
        for strategy in order:
            started = time.perf_counter()
            services.organization_provision(
                name=f"Bench {strategy} {round_number}",
                slug=f"bench-{strategy}-{round_number}",
                kind="partner",
                municipality_codes=[],
                strategy=strategy,
            )
            timings[strategy].append(time.perf_counter() - started)

    migrate_median = statistics.median(timings[schemas.STRATEGY_MIGRATE])
    clone_median = statistics.median(timings[schemas.STRATEGY_CLONE])
    chosen = settings.ORGANIZATION_SCHEMA_STRATEGY
    chosen_median = migrate_median if chosen == schemas.STRATEGY_MIGRATE else clone_median
    tenants = len(timings[schemas.STRATEGY_MIGRATE]) * 2 + len(demo.DEMO_ORGANIZATIONS)
    print(f"organisations at the end: {tenants} (+ the template schema)")
    for strategy, values in timings.items():
        print(
            f"{strategy:>8}: median {statistics.median(values):.3f} s, "
            f"p90 {statistics.quantiles(values, n=10)[-1]:.3f} s, n={len(values)}"
        )
    print(f"ratio clone/migrate = {clone_median / migrate_median:.2f} (chosen: {chosen})")
    print(
        f"provision migrate_median_s={migrate_median:.3f} clone_median_s={clone_median:.3f} "
        f"chosen_median_s={chosen_median:.3f}"
    )


if __name__ == "__main__":
    main()
