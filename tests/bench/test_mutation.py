"""The bounded mutation run CI does: a few mutants of two guarantee modules, none unexplained."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(
    r"^mutation modules=(\d+) killed=(\d+) survived=(\d+) "
    r"score=([0-9.]+) worst_module_score=([0-9.]+)$"
)
# Small modules with fast tests; bench/mutation.py runs every module when asked.
SAMPLED_MODULES = "suppression,signing"
PER_MODULE = 3


def database_url() -> str:
    """The server this test run uses (DATABASE_URL or the embedded one), for the nested runs."""
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    if host.startswith("/"):
        return f"postgres://{quote(db['USER'])}{password}@/{db['NAME']}?host={quote(host)}" + (
            f"&port={db['PORT']}" if db.get("PORT") else ""
        )
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(db['USER'])}{password}@{host}{port}/{db['NAME']}"


class TestTheMutationSample:
    def test_kills_every_sampled_mutant_and_reports_in_one_line(self, tmp_path):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "IDESLUSS_TEST_DB_NAME": os.environ.get("IDESLUSS_TEST_DB_NAME", "test_idesluss"),
        }

        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "mutation.py"),
                "--modules",
                SAMPLED_MODULES,
                "--sample",
                str(PER_MODULE),
                "--max-children",
                "1",
                "--workdir",
                str(tmp_path / "mutation"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-3000:]
        match = LAST_LINE.match(result.stdout.strip().splitlines()[-1])
        assert match, output[-3000:]
        modules, killed, survived = (int(match[n]) for n in (1, 2, 3))
        # Exit 0: any survivor of the sample is one declared equivalent.
        assert (modules, killed + survived) == (2, 2 * PER_MODULE)
        assert killed >= 2 * PER_MODULE - 1, output[-3000:]
