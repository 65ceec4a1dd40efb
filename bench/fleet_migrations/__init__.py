"""The registry app's migrations plus ``BENCH_FLEET_STEP`` added ones (bench/migrate_fleet.py).

Each step adds one migration: a new column on the registration counters and
its index, so each executor is timed on a migration of its own.
"""

import os
from pathlib import Path

import tenants.registry.migrations

_HERE = Path(__file__).resolve().parent
_STEPS = int(os.environ.get("BENCH_FLEET_STEP", "0"))
__path__[:] = [
    *tenants.registry.migrations.__path__,
    *(str(_HERE / f"step{step}") for step in range(1, _STEPS + 1)),
]
