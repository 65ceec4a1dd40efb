"""Time one migration across the fleet: django-tenants' two executors against migrate_fleet.

    .venv/bin/python bench/migrate_fleet.py [--organisations 290] [--processes 2]

In a fresh database (``idesluss_bench_fleet``) with ``--organisations``
organisations (partners, schemas cloned from the template), run in a fresh
process each, as the migrate job does: ``migrate_schemas --executor=standard``,
``--executor=multiprocessing`` and ``migrate_fleet``, first with nothing to
apply, then each with one added tenant migration of its own (a new column on
the registration counters and its index; bench/fleet_migrations/). Both
parallel ones use ``--processes`` processes. Every command also migrates the
public schema, and migrate_fleet also the template. The last line (one line) is

    migrate_fleet organisations=<n> noop_s=<s> column_s=<s> dt_best_noop_s=<s>
    dt_best_column_s=<s> speedup=<dt_best_column/column>
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from benchkit import PROJECT_DIR, prepare_database

BENCH_DATABASE = "idesluss_bench_fleet"


def run(command: list[str], *, step: int, processes: int) -> float:
    """Run manage.py ``command`` in a fresh process; return its wall time."""
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fleet_settings",
        "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR / "bench"), str(PROJECT_DIR / "platform")]),
        "BENCH_FLEET_STEP": str(step),
        "TENANT_MIGRATION_PROCESSES": str(processes),
        "FLEET_MIGRATION_CONNECTIONS": str(processes),
        "ORGANIZATION_SCHEMA_POOL_SIZE": "0",
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *command, "-v", "0"],
        env=environ,
        check=True,
        cwd=PROJECT_DIR,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organisations", type=int, default=290)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()

    prepare_database(BENCH_DATABASE)
    os.environ["DJANGO_SETTINGS_MODULE"] = "fleet_settings"
    os.environ["BENCH_FLEET_STEP"] = "0"
    os.environ["ORGANIZATION_SCHEMA_POOL_SIZE"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.core.management import call_command

    from shared.organizations import services

    call_command("migrate_schemas", shared=True, verbosity=0, interactive=False)
    started = time.perf_counter()
    for number in range(args.organisations):
        services.organization_provision(
            name=f"Bench {number}",
            slug=f"bench-{number}",
            kind="partner",
            municipality_codes=[],
            strategy="clone",
        )
    print(f"{args.organisations} organisations made in {time.perf_counter() - started:.0f} s")

    commands = {
        "standard": ["migrate_schemas", "--executor=standard", "--noinput"],
        "multiprocessing": ["migrate_schemas", "--executor=multiprocessing", "--noinput"],
        "fleet": ["migrate_fleet", "--no-pool-fill"],
    }
    noop = {
        name: run(command, step=0, processes=args.processes) for name, command in commands.items()
    }
    column = {
        name: run(command, step=step, processes=args.processes)
        for step, (name, command) in enumerate(commands.items(), start=1)
    }
    for name in commands:
        print(f"{name:>16}: no-op {noop[name]:6.1f} s, one added migration {column[name]:6.1f} s")
    dt_best_noop = min(noop["standard"], noop["multiprocessing"])
    dt_best_column = min(column["standard"], column["multiprocessing"])
    print(
        f"migrate_fleet organisations={args.organisations} noop_s={noop['fleet']:.2f} "
        f"column_s={column['fleet']:.2f} dt_best_noop_s={dt_best_noop:.2f} "
        f"dt_best_column_s={dt_best_column:.2f} speedup={dt_best_column / column['fleet']:.1f}"
    )


if __name__ == "__main__":
    main()
