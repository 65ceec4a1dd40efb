"""Billing test set-up: localstripe as a real process, and Stripe's signing scheme for events.

localstripe is started once per session on a free loopback port (a real
HTTP server the stripe library talks to). It is a dev dependency, so it is
always there: a test that needs it fails, with the reason, when it cannot start.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from billing import services
from billing.models import BillingAccount, Payer

PROJECT_DIR = Path(__file__).resolve().parents[2]
WEBHOOK_SECRET = "whsec_test_billing"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def localstripe_url() -> Iterator[str]:
    port = _free_port()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "billing.localstripe_server", str(port)],
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        pytest.fail(f"localstripe could not be started: {error}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            pytest.fail(f"localstripe exited at start: {error[-500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("localstripe did not answer within 20 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def localstripe(settings, localstripe_url) -> str:  # type: ignore[no-untyped-def]
    """Point the one Stripe client at the running localstripe."""
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return str(localstripe_url)


@pytest.fixture
def signing(settings) -> str:  # type: ignore[no-untyped-def]
    settings.STRIPE_SECRET_KEY = "sk_test_signed_events"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return WEBHOOK_SECRET


def signature_header(payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """The ``Stripe-Signature`` header: ``t=<time>,v1=<HMAC-SHA256 of "t.payload">``."""
    at = int(time.time()) if at is None else at
    signed = f"{at}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def event_payload(event_id: str, event_type: str, obj: dict[str, Any]) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    ).encode()


def complete_payer(payer: Payer, **extra: Any) -> Payer:
    values = {
        "organization_number": "212000-0563",
        "address_line1": "Box 1",
        "postal_code": "57321",
        "city": "Tranås",
        "buyer_reference": "Anna Andersson",
        "contact_name": "Anna Andersson",
        "contact_email": "faktura@example.org",
        **extra,
    }
    for name, value in values.items():
        setattr(payer, name, value)
    payer.save()
    return payer


@pytest.fixture
def account(tenant_a) -> BillingAccount:  # type: ignore[no-untyped-def]
    """Alfa on a trial, its one payer with complete details."""
    opened = services.billing_account_open(organization=tenant_a, by=None)
    complete_payer(opened.payers.get())
    return opened


@pytest.fixture
def stripe_state(monkeypatch, signing, account) -> Any:  # type: ignore[no-untyped-def]
    payer = account.payers.get()
    payer.stripe_customer_id = "cus_alfa"
    payer.save()
    from tests.billing.test_webhooks import FakeStripe

    fake = FakeStripe()
    fake.install(monkeypatch)
    return fake
