"""Measure tenant pages and API over real HTTP, against /healthz and a bare DRF list, in one run.

    .venv/bin/python bench/http_load.py [--duration 10] [--connections 8] [--workers 2]
                                        [--only ideas,bare] [--fresh]

Uses the database ``idesluss_bench_http`` on the server of DATABASE_URL (or
the embedded one): migrated with ``migrate_fleet`` and seeded with the demo
(``shared.core.demo.demo_seed``) the first time or with ``--fresh``, reused
afterwards. For each of five demo organisations it issues an API token and a
logged-in session of the organisation's admin (new ones every run).

Then it starts gunicorn as the container does (``deploy/container/gunicorn.conf.py``,
sync workers, ``config.settings.production`` with the secret, database,
Redis cache (CACHE_URL, default redis://127.0.0.1:6379/11) and broker from
the environment) serving ``bench/http_wsgi.py``: the project's WSGI
application, plus ``/bench/bare/`` answered by a Django handler without any
middleware (``bench/http_bare.py``). Requests carry ``X-Forwarded-Proto:
https`` as the ingress sets it. Differences from the container, to measure
Django rather than the log: no access log, workers not recycled
(GUNICORN_MAX_REQUESTS=0), bound to 127.0.0.1.

Each target is driven with ``wrk`` (Debian's package) for ``--duration``
seconds after a two-second warm-up, one wrk thread, ``--connections``
connections, its requests rotating over the organisations (Host, token or
session cookie). Every target is first requested once per organisation and
must answer 200. Printed per target: requests per second, p50/p95/p99 in ms
and the ratio to the bare DRF endpoint; the last line is

    http_load ideas_rps=<n> bare_rps=<n> ratio=<ideas/bare> ideas_p99_ms=<ms> portal_rps=<n>

The machine's load average (1 minute) is printed before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path[:0] = [str(PROJECT_DIR / "platform"), str(PROJECT_DIR)]

BENCH_DATABASE = "idesluss_bench_http"
SLUGS = ("tranas", "sundsvallsregionen", "pitea-skelleftea", "orebro", "lerum")
BASE_DOMAIN = "localhost"
SESSION_COOKIE = "__Host-sessionid"  # production's name (config/settings/production.py)
SEARCH_TERMS = ("digital", "skola", "äldreomsorg", "cykel", "mat")


# --- Setup (its own process, development settings, the bench database) ---------------------


def _database_url() -> str:
    from config import database

    server_url = os.environ.get("DATABASE_URL") or database.embedded_database_url("postgres")
    return database.with_database_name(server_url, BENCH_DATABASE)


def _ensure_database(fresh: bool) -> bool:
    """Create the bench database if missing (or anew); return whether it must be built."""
    import psycopg2
    from psycopg2 import sql

    from config import database

    admin = psycopg2.connect(database.with_database_name(_database_url(), "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(BENCH_DATABASE)
                )
            )
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
        missing = cursor.fetchone() is None
        if missing:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE)))
    admin.close()
    return missing


def setup(fresh: bool) -> None:
    """Build or reuse the demo, then print the credentials of this run as JSON."""
    built = _ensure_database(fresh)
    os.environ["DATABASE_URL"] = _database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django_tenants.utils import tenant_context

    from shared.accounts import services
    from shared.accounts.middleware import LAST_SEEN_KEY
    from shared.accounts.models import Membership, Role
    from shared.core import demo
    from shared.organizations.models import Organization

    if built or Organization.objects.filter(slug__in=SLUGS).count() != len(SLUGS):
        started = time.monotonic()
        call_command("migrate_fleet", verbosity=0)
        demo.demo_seed(log=lambda line: print(line, file=sys.stderr))
        print(f"  demo built in {time.monotonic() - started:.0f} s", file=sys.stderr)

    organizations = []
    for slug in SLUGS:
        organization = Organization.objects.get(slug=slug)
        admin = (
            Membership.objects.active()
            .filter(organization=organization, role=Role.ADMIN)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        assert admin is not None, slug
        issued = services.api_token_create(
            person=admin.person, organization=organization, name="http_load", days=1
        )
        session = SessionStore()
        session["_auth_user_id"] = str(admin.person.pk)
        session["_auth_user_backend"] = "shared.accounts.backends.EmailBackend"
        session["_auth_user_hash"] = admin.person.get_session_auth_hash()
        session[LAST_SEEN_KEY] = int(time.time())
        session.create()
        with tenant_context(organization):
            from tenants.ideas.models import Idea

            idea_ids = list(Idea.objects.order_by("-pk").values_list("pk", flat=True)[:5])
        assert idea_ids, f"{slug} has no ideas"
        organizations.append(
            {
                "slug": slug,
                "schema": organization.schema_name,
                "host": organization.get_primary_domain().domain,
                "token": issued.key,
                "session": session.session_key,
                "idea_ids": idea_ids,
            }
        )
    print("HTTP_LOAD_SETUP " + json.dumps(organizations))


# --- Measuring (this process: gunicorn and wrk) ---------------------------------------------


@dataclass
class Target:
    name: str
    label: str
    # One (host, path, headers) per request the rotation goes through.
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


def _targets(organizations: list[dict], wanted: set[str] | None) -> list[Target]:
    def api(org: dict) -> dict[str, str]:
        return {"Authorization": f"Token {org['token']}", "Accept": "application/json"}

    def page(org: dict) -> dict[str, str]:
        return {"Cookie": f"{SESSION_COOKIE}={org['session']}"}

    bare_schema = organizations[0]["schema"]
    targets = [
        Target("healthz", "/healthz (floor)", [(BASE_DOMAIN, "/healthz", {})]),
        Target(
            "bare",
            "bare DRF list, no middleware (anchor)",
            [(BASE_DOMAIN, f"/bench/bare/{bare_schema}/ideas/", {"Accept": "application/json"})],
        ),
        Target(
            "ideas",
            "idea list API",
            [(org["host"], "/api/v1/ideas/", api(org)) for org in organizations],
        ),
        Target(
            "idea",
            "idea detail API",
            [
                (org["host"], f"/api/v1/ideas/{pk}/", api(org))
                for pk_index in range(3)
                for org in organizations
                for pk in [org["idea_ids"][pk_index % len(org["idea_ids"])]]
            ],
        ),
        Target(
            "dashboard",
            "reports dashboard API",
            [(org["host"], "/api/v1/reports/dashboard/", api(org)) for org in organizations],
        ),
        Target(
            "staff_ideas",
            "staff idea list page",
            [(org["host"], quote("/idéer/"), page(org)) for org in organizations],
        ),
        Target(
            "portal",
            "portal home (anonymous)",
            [(org["host"], "/portal/", {}) for org in organizations],
        ),
        Target(
            "network",
            "network search API",
            [
                (org["host"], f"/api/v1/network/publications/?q={quote(term)}", api(org))
                for term in SEARCH_TERMS
                for org in organizations
            ],
        ),
    ]
    return [target for target in targets if wanted is None or target.name in wanted]


def _lua(target: Target) -> str:
    def lua_string(text: str) -> str:
        return json.dumps(text)  # a JSON string of ASCII is a valid Lua string

    lines = ["local reqs = {}"]
    for n, (host, path, headers) in enumerate(target.requests, start=1):
        all_headers = {"Host": host, "X-Forwarded-Proto": "https", **headers}
        table = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in all_headers.items())
        lines.append(f'reqs[{n}] = wrk.format("GET", {lua_string(path)}, {{{table}}})')
    lines.append(
        """
local i = 0
request = function()
  i = i + 1
  return reqs[(i % #reqs) + 1]
end
done = function(summary, latency, requests)
  io.write(string.format(
    "WRK_RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"status_errors\\": %d, "
    .. "\\"socket_errors\\": %d, \\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d}\\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
    )
    return "\n".join(lines)


def _get(port: int, host: str, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": host, "X-Forwarded-Proto": "https", **headers},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wrk(port: int, target: Target, seconds: int, connections: int, script: Path) -> dict:
    script.write_text(_lua(target))
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_RESULT "))
    result = json.loads(line.removeprefix("WRK_RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def _load() -> float:
    return os.getloadavg()[0]


def measure(args: argparse.Namespace) -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    secret = secrets.token_urlsafe(50)
    env = os.environ.copy()
    env["DJANGO_SECRET_KEY"] = secret
    setup_run = subprocess.run(
        [sys.executable, __file__, "--setup", *(["--fresh"] if args.fresh else [])],
        check=True,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    line = next(x for x in setup_run.stdout.splitlines() if x.startswith("HTTP_LOAD_SETUP "))
    organizations = json.loads(line.removeprefix("HTTP_LOAD_SETUP "))
    os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL", "")
    from config import database

    server_url = os.environ.get("DATABASE_URL") or database.embedded_database_url("postgres")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": database.with_database_name(server_url, BENCH_DATABASE),
            "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/11"),
            "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/12"),
            "IDESLUSS_BASE_DOMAIN": BASE_DOMAIN,
            "PYTHONPATH": os.pathsep.join(
                [str(PROJECT_DIR / "platform"), str(PROJECT_DIR), str(BENCH_DIR)]
            ),
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_ACCESS_LOG": "0",
            "GUNICORN_MAX_REQUESTS": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("IDESLUSS_DEMO_DATA", None)
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "http_wsgi:application",
        "--config",
        str(PROJECT_DIR / "deploy" / "container" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{args.port}",
    ]
    server = subprocess.Popen(gunicorn, cwd=PROJECT_DIR, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):  # not listening yet
                if _get(args.port, BASE_DOMAIN, "/healthz", {})[0] == 200:
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("gunicorn did not answer /healthz")
            time.sleep(0.3)
        targets = _targets(organizations, set(args.only.split(",")) if args.only else None)
        for target in targets:
            for host, path, headers in target.requests[: len(organizations)]:
                status, body = _get(args.port, host, path, headers)
                if status != 200:
                    sys.exit(f"{target.name}: {host}{path} answered {status}: {body[:300]!r}")
        load_before = _load()
        print(
            f"gunicorn: {args.workers} sync workers; wrk: 1 thread, {args.connections} "
            f"connections, {args.duration} s a target; organisations: {', '.join(SLUGS)}"
        )
        print(f"load average before: {load_before:.2f}")
        results: dict[str, dict] = {}
        with tempfile.TemporaryDirectory() as folder:
            script = Path(folder) / "rotate.lua"
            for target in targets:
                _wrk(args.port, target, 2, args.connections, script)
                result = _wrk(args.port, target, args.duration, args.connections, script)
                if result["status_errors"] or result["socket_errors"]:
                    sys.exit(f"{target.name}: errors during the run: {result}")
                results[target.name] = result
        bare_rps = results.get("bare", {}).get("rps")
        print(f"{'target':<40} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'/bare':>7}")
        for target in targets:
            r = results[target.name]
            ratio = f"{r['rps'] / bare_rps:.2f}" if bare_rps else "-"
            print(
                f"{target.label:<40} {r['rps']:>8.0f} {r['p50'] / 1000:>8.1f} "
                f"{r['p95'] / 1000:>8.1f} {r['p99'] / 1000:>8.1f} {ratio:>7}"
            )
        print(f"load average after: {_load():.2f}")
        ideas = results.get("ideas", {})
        portal = results.get("portal", {})
        print(
            f"http_load ideas_rps={ideas.get('rps', 0):.0f} bare_rps={bare_rps or 0:.0f} "
            f"ratio={(ideas.get('rps', 0) / bare_rps) if bare_rps else 0:.2f} "
            f"ideas_p99_ms={ideas.get('p99', 0) / 1000:.1f} portal_rps={portal.get('rps', 0):.0f}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per target")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8391)
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args.fresh)
    else:
        measure(args)


if __name__ == "__main__":
    main()
