"""Run Django with the production settings in a child process, with an environment given whole.

Production settings refuse to load without their environment, so they are
never imported into the test process; a child gets exactly the variables a
test names (plus PATH), nothing inherited: no SENTRY_DSN, no DATABASE_URL of
the test run.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
PRODUCTION_SETTINGS = PROJECT_DIR / "platform" / "config" / "settings" / "production.py"

# A complete production environment. Nothing listens on port 9 and no check
# connects anywhere; the key is long and random enough for check --deploy.
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k7Qm2vX9pL4sT8wZ1cR6yB3nF5hJ0dG-aE_uI7oP2qW4xS9vM1zK",
    "DATABASE_URL": "postgres://idesluss@127.0.0.1:9/idesluss",
    "CACHE_URL": "redis://127.0.0.1:9/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:9/0",
    "IDESLUSS_BASE_DOMAIN": "idesluss.example.org",
}


def required_environment() -> tuple[str, ...]:
    """Return REQUIRED_ENVIRONMENT as production.py declares it (read, not imported)."""
    tree = ast.parse(PRODUCTION_SETTINGS.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "REQUIRED_ENVIRONMENT"
            for target in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("production.py declares no REQUIRED_ENVIRONMENT")


def _run(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=PROJECT_DIR,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(PROJECT_DIR / "platform"),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_python(environment: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter with ``platform/`` on the path and only ``environment``."""
    return _run([sys.executable, "-c", code], environment)


def run_manage(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py args`` with only ``environment``."""
    return _run([sys.executable, str(PROJECT_DIR / "manage.py"), *args], environment)


SETUP = "import django; django.setup(); print('started')"


def starts(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load the settings named in ``environment`` and set Django up, as every process does."""
    return run_python(environment, SETUP)
