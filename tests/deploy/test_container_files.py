"""The container image, its entrypoint, gunicorn settings and the compose stack fit the project.

No Docker here: the Dockerfile is read, the entrypoint runs against stand-in
programs that print how they were called.
"""

from __future__ import annotations

import io
import logging
import re
import runpy
import subprocess
from pathlib import Path

import pytest
import yaml

from tests import production

PROJECT_DIR = Path(__file__).resolve().parents[2]
CONTAINER_DIR = PROJECT_DIR / "deploy" / "container"
ENTRYPOINT = CONTAINER_DIR / "entrypoint.sh"
DOCKERFILE = CONTAINER_DIR / "Dockerfile"
GUNICORN_CONF = CONTAINER_DIR / "gunicorn.conf.py"
COMPOSE = PROJECT_DIR / "deploy" / "compose.yaml"


def dockerfile_instructions() -> list[tuple[str, str]]:
    """Return (INSTRUCTION, arguments) pairs, continuation lines joined, comments left out."""
    logical: list[str] = []
    current = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        logical.append(current + stripped)
        current = ""
    pairs = []
    for line in logical:
        instruction, _, arguments = line.partition(" ")
        pairs.append((instruction, arguments.strip()))
    return pairs


def env_assignments() -> dict[str, str]:
    assignments: dict[str, str] = {}
    for instruction, arguments in dockerfile_instructions():
        if instruction == "ENV":
            assignments.update(re.findall(r"(\w+)=(\S+)", arguments))
    return assignments


@pytest.fixture
def run_entrypoint(tmp_path):
    """Run the entrypoint with gunicorn, celery and python replaced by programs that echo."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for program in ("gunicorn", "celery", "python"):
        stub = bin_dir / program
        stub.write_text(
            '#!/bin/sh\necho "$(basename "$0") $*"\n'
            'echo "PYTHONPATH=$PYTHONPATH"\necho "SETTINGS=$DJANGO_SETTINGS_MODULE"\n'
        )
        stub.chmod(0o755)

    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(ENTRYPOINT), *args],
            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "APP_DIR": str(tmp_path), **env},
            capture_output=True,
            text=True,
            check=False,
        )

    return run


class TestEntrypoint:
    def test_is_valid_bash(self):
        result = subprocess.run(
            ["bash", "-n", str(ENTRYPOINT)], capture_output=True, text=True, check=False
        )

        assert result.returncode == 0, result.stderr

    def test_names_each_subcommand(self):
        script = ENTRYPOINT.read_text()

        for subcommand in ("web", "worker", "beat", "migrate"):
            assert re.search(rf"^\s*{subcommand}\)", script, re.MULTILINE), subcommand

    def test_web_starts_gunicorn_with_the_container_config(self, run_entrypoint, tmp_path):
        result = run_entrypoint("web")

        config = tmp_path / "deploy" / "container" / "gunicorn.conf.py"
        assert result.stdout.splitlines()[0] == (
            f"gunicorn config.wsgi:application --config {config}"
        )

    def test_starts_web_when_given_no_subcommand(self, run_entrypoint):
        assert run_entrypoint().stdout.startswith("gunicorn config.wsgi:application")

    def test_worker_consumes_every_queue_unless_told_otherwise(self, run_entrypoint):
        default = run_entrypoint("worker").stdout.splitlines()[0]
        mail_only = run_entrypoint("worker", CELERY_QUEUES="mail").stdout.splitlines()[0]

        assert default.startswith("celery -A config worker")
        assert "--queues default,mail,provisioning" in default
        assert "--queues mail " in mail_only

    def test_beat_keeps_its_schedule_in_tmp(self, run_entrypoint):
        first_line = run_entrypoint("beat").stdout.splitlines()[0]

        assert first_line.startswith("celery -A config beat")
        assert "--schedule /tmp/celerybeat-schedule" in first_line

    def test_migrate_runs_the_fleet_migration(self, run_entrypoint):
        first_line = run_entrypoint("migrate").stdout.splitlines()[0]

        assert first_line == "python manage.py migrate_fleet"

    def test_puts_platform_on_the_path_and_defaults_to_production_settings(
        self, run_entrypoint, tmp_path
    ):
        for subcommand in ("web", "worker", "beat", "migrate"):
            output = run_entrypoint(subcommand).stdout.splitlines()

            assert f"PYTHONPATH={tmp_path}/platform" in output, subcommand
            assert "SETTINGS=config.settings.production" in output, subcommand

    def test_refuses_an_unknown_subcommand(self, run_entrypoint):
        result = run_entrypoint("serve")

        assert result.returncode == 64
        assert "unknown subcommand" in result.stderr


class TestDockerfile:
    def test_builds_in_stages_from_python_3_11_slim(self):
        instructions = dockerfile_instructions()
        stages = [arguments for instruction, arguments in instructions if instruction == "FROM"]
        base_image = next(a for i, a in instructions if i == "ARG" and a.startswith("PYTHON_IMAGE"))

        assert len(stages) >= 2
        assert base_image.split("=", 1)[1].startswith("python:3.11-slim")

    def test_installs_the_project_with_pip(self):
        runs = [a for i, a in dockerfile_instructions() if i == "RUN"]

        assert any(re.search(r"pip install \.(\s|$)", run) for run in runs)

    def test_sets_pythonpath_to_include_platform(self):
        paths = env_assignments()["PYTHONPATH"].split(":")

        assert "/app/platform" in paths

    def test_never_creates_platform_init_py(self):
        for instruction, arguments in dockerfile_instructions():
            if "__init__.py" in arguments:
                assert instruction == "RUN", arguments
                assert "test ! -e /app/platform/__init__.py" in arguments

    def test_collects_static_files_with_production_settings(self):
        runs = [a for i, a in dockerfile_instructions() if i == "RUN" and "collectstatic" in a]

        assert len(runs) == 1
        assert env_assignments()["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        for variable in production.required_environment():
            assert f"{variable}=" in runs[0], variable

    def test_gives_collectstatic_what_the_production_settings_start_with(self):
        instructions = dockerfile_instructions()
        (run,) = [a for i, a in instructions if i == "RUN" and "collectstatic" in a]
        build_args = dict(
            argument.split("=", 1) for i, argument in instructions if i == "ARG" and "=" in argument
        )
        environment = {
            variable: build_args[argument]
            for variable, argument in re.findall(r'(\w+)="\$\{(\w+)\}"', run)
        }

        result = production.starts(
            {**environment, "DJANGO_SETTINGS_MODULE": env_assignments()["DJANGO_SETTINGS_MODULE"]}
        )

        assert result.returncode == 0, result.stderr

    def test_keeps_build_time_secrets_out_of_the_image_environment(self):
        environment = env_assignments()

        for variable in production.required_environment():
            assert variable not in environment, variable

    def test_runs_as_a_non_root_user(self):
        users = [a for i, a in dockerfile_instructions() if i == "USER"]

        assert users
        assert users[-1].split(":")[0] not in {"root", "0"}

    def test_enters_through_the_entrypoint_script(self):
        instructions = dict(dockerfile_instructions())

        assert instructions["ENTRYPOINT"] == '["/app/deploy/container/entrypoint.sh"]'
        assert instructions["CMD"] == '["web"]'


class TestGunicornConfig:
    def test_uses_sync_workers_counted_from_the_environment(self, monkeypatch):
        monkeypatch.setenv("GUNICORN_WORKERS", "5")
        monkeypatch.setenv("GUNICORN_TIMEOUT", "45")

        config = runpy.run_path(str(GUNICORN_CONF))

        assert config["worker_class"] == "sync"
        assert config["workers"] == 5
        assert config["timeout"] == 45
        assert config["accesslog"] == "-"

    def test_leaves_probes_out_of_the_access_log(self):
        config = runpy.run_path(str(GUNICORN_CONF))
        probe_filter = config["_SkipProbes"]()
        stream = io.StringIO()
        logger = logging.getLogger("test_gunicorn_access")
        logger.addHandler(logging.StreamHandler(stream))
        logger.addFilter(probe_filter)
        logger.setLevel(logging.INFO)

        for path in ("/healthz", "/readyz", "/ideer/"):
            logger.info("%(U)s", {"U": path})

        assert stream.getvalue().split() == ["/ideer/"]


class TestComposeStack:
    def test_runs_postgres_redis_web_worker_beat_and_a_migrate_job(self):
        services = yaml.safe_load(COMPOSE.read_text())["services"]

        assert services["postgres"]["image"].startswith("postgres:15")
        assert services["redis"]["image"].startswith("redis:7")
        for subcommand in ("web", "worker", "beat", "migrate"):
            assert services[subcommand]["command"] == [subcommand]

    def test_starts_the_platform_only_after_migrations_succeeded(self):
        services = yaml.safe_load(COMPOSE.read_text())["services"]

        for name in ("web", "worker", "beat"):
            migrate = services[name]["depends_on"]["migrate"]
            assert migrate["condition"] == "service_completed_successfully", name

    def test_gives_every_app_container_its_database_broker_and_hosts(self):
        services = yaml.safe_load(COMPOSE.read_text())["services"]

        for name in ("web", "worker", "beat", "migrate"):
            environment = services[name]["environment"]
            assert {*production.required_environment(), "DJANGO_ALLOWED_HOSTS"} <= set(
                environment
            ), name
            assert environment["IDESLUSS_BASE_DOMAIN"] == "localhost", name

    def test_starts_the_production_settings_in_every_app_container(self):
        services = yaml.safe_load(COMPOSE.read_text())["services"]
        # Compose fills in ${NAME:-default} from the shell; here with an empty shell.
        unset = re.compile(r"\$\{\w+:-([^}]*)\}")

        for name in ("web", "worker", "beat", "migrate"):
            environment = {
                key: unset.sub(r"\1", str(value))
                for key, value in services[name]["environment"].items()
            }
            environment.pop("SENTRY_DSN")
            result = production.starts(environment)

            assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
            assert result.returncode == 0, f"{name}: {result.stderr.splitlines()[-1:]}"
