"""Measure the three ways of creating an organisation's schema, alternating, in one process.

    .venv/bin/python bench/provision.py [--organisations 290]

In a fresh database (``idesluss_bench`` on the embedded server, or on the
server of DATABASE_URL) with the demo organisations in place, provision
``--organisations`` organisations in one process, a third each by running
every migration, by cloning the template schema and by taking a schema from
the pool, rotating which goes first in each round. The pool's refill, which a
worker runs after the provisioning has committed, runs here between
provisionings and is not timed. ``last_over_first`` compares the chosen
strategy's last five provisionings with its first five (a connection that
grows with every schema it touched would show here). The last line (one line) is

    provision migrate_median_s=<s> clone_median_s=<s> pool_median_s=<s>
    chosen_median_s=<s> organisations=<n> last_over_first=<ratio>
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchkit import percentile, prepare_database

BENCH_DATABASE = "idesluss_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=290, help="in all strategies")
    args = parser.parse_args()

    prepare_database(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from shared.core import demo
    from shared.fleet import pool, tasks
    from shared.organizations import schemas, services

    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    demo.demo_seed(log=lambda *_: None)
    schemas.template_schema_ensure()  # a one-time cost of cloning, paid before timing
    refills: list[bool] = []
    tasks.schema_pool_fill.delay = lambda **kwargs: refills.append(True)  # type: ignore[method-assign]
    pool.schema_pool_fill()

    strategies = schemas.STRATEGIES
    timings: dict[str, list[float]] = {strategy: [] for strategy in strategies}
    for number in range(args.organisations):
        round_number, place = divmod(number, len(strategies))
        strategy = strategies[(round_number + place) % len(strategies)]
        started = time.perf_counter()
        services.organization_provision(
            name=f"Bench {number}",
            slug=f"bench-{number}",
            kind="partner",
            municipality_codes=[],
            strategy=strategy,
        )
        timings[strategy].append(time.perf_counter() - started)
        if refills:
            refills.clear()
            pool.schema_pool_fill()

    medians = {strategy: statistics.median(values) for strategy, values in timings.items()}
    chosen = settings.ORGANIZATION_SCHEMA_STRATEGY
    chosen_values = timings[chosen]
    last_over_first = statistics.mean(chosen_values[-5:]) / statistics.mean(chosen_values[:5])
    tenants = args.organisations + len(demo.DEMO_ORGANIZATIONS)
    print(f"organisations at the end: {tenants} (+ the template and the pool)")
    for strategy, values in timings.items():
        print(
            f"{strategy:>8}: median {medians[strategy]:.3f} s, "
            f"p95 {percentile(values, 0.95):.3f} s, first {values[0]:.3f} s, "
            f"last {values[-1]:.3f} s, n={len(values)}"
        )
    print(f"chosen: {chosen}, p95 {percentile(chosen_values, 0.95):.3f} s")
    print(
        f"provision migrate_median_s={medians['migrate']:.3f} "
        f"clone_median_s={medians['clone']:.3f} pool_median_s={medians['pool']:.3f} "
        f"chosen_median_s={medians[chosen]:.3f} organisations={args.organisations} "
        f"last_over_first={last_over_first:.2f}"
    )


if __name__ == "__main__":
    main()
