"""Start the platform on one machine: database, migrations, demo data, web server.

With no DATABASE_URL an embedded PostgreSQL starts with its data in
``.data/postgres`` (kept between starts) and stops when this script ends.
With no CELERY_BROKER_URL tasks run in-process. The web server listens on the
loopback address only (this machine); IDESLUSS_BIND=0.0.0.0 opens it to the network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, MutableMapping
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR / "platform"))

PORT = os.environ.get("PORT", "8000")
LOOPBACK = "127.0.0.1"


def runserver_address(environ: Mapping[str, str]) -> str:
    """Return runserver's ``address:port``: loopback unless IDESLUSS_BIND says otherwise.

    The demo logins are public, so the server is not reachable from the network
    unless someone asks for it (``IDESLUSS_BIND=0.0.0.0``, or ``::`` for IPv6).
    """
    host = environ.get("IDESLUSS_BIND", "").strip() or LOOPBACK
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{environ.get('PORT', '8000')}"


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(PROJECT_DIR / "manage.py"), *args], check=True)


def main() -> None:
    from config import database

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("IDESLUSS_SITE_PORT", PORT)
    embedded = "DATABASE_URL" not in os.environ
    # Children reuse this server; this process keeps it alive until it ends.
    os.environ["DATABASE_URL"] = database.database_url()
    print("Database:", "embedded PostgreSQL in .data/postgres" if embedded else "DATABASE_URL")

    localstripe = start_localstripe(os.environ)
    # The public schema, every organisation's, the template and the pool (shared/fleet/migrate.py).
    manage("migrate_fleet", "-v", "0")
    if os.environ.get("STRIPE_SECRET_KEY"):
        manage("billing_sync_plans")
    manage("seed_demo")
    print_welcome()
    if localstripe is not None:
        print(
            "Billing: no STRIPE_SECRET_KEY, so localstripe (a local stand-in for Stripe) "
            f"runs on {os.environ['STRIPE_API_BASE']}; nothing reaches Stripe.\n"
        )
    try:
        manage("runserver", runserver_address(os.environ))
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        if localstripe is not None:
            localstripe.terminate()


def start_localstripe(environ: MutableMapping[str, str]) -> subprocess.Popen[bytes] | None:
    """Without STRIPE_SECRET_KEY, start localstripe on loopback and point billing at it."""
    if environ.get("STRIPE_SECRET_KEY"):
        return None
    import socket
    import time

    port = environ.get("LOCALSTRIPE_PORT", "8420")
    process = subprocess.Popen(
        [sys.executable, "-m", "billing.localstripe_server", port], cwd=PROJECT_DIR
    )
    for _ in range(100):
        try:
            socket.create_connection((LOOPBACK, int(port)), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    environ["STRIPE_SECRET_KEY"] = "sk_test_localstripe"  # noqa: S105 (localstripe takes any key)
    environ["STRIPE_API_BASE"] = f"http://{LOOPBACK}:{port}"
    environ.setdefault("STRIPE_WEBHOOK_SECRET", "whsec_localstripe")
    return process


def print_welcome() -> None:
    import django

    django.setup()
    from shared.core.demo import DEMO_MEMBERS, DEMO_PASSWORD, DEMO_PLATFORM_PEOPLE

    base = f"http://localhost:{PORT}"
    print(f"""
Idésluss is starting on {base}/

  Public site and directory  {base}/
  Platform admin             {base}/admin/
  Tranås, Kinda, Aneby, Ydre http://tranas.localhost:{PORT}/
  Lerum                      http://lerum.localhost:{PORT}/
  API documentation          http://tranas.localhost:{PORT}/api/docs/

Demo logins (password for all: {DEMO_PASSWORD}):""")
    for email, _name, role in DEMO_PLATFORM_PEOPLE:
        print(f"  {email:<34} {role}  (public site)")
    for email, _name, slug, role in DEMO_MEMBERS:
        print(f"  {email:<34} {role} in {slug}  (http://{slug}.localhost:{PORT}/)")
    print()


if __name__ == "__main__":
    main()
