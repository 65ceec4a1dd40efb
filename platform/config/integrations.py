"""Error reporting: sentry-sdk, switched on by ``SENTRY_DSN``, without personal data."""

from __future__ import annotations

from typing import Any

# Request fields that may carry personal data or secrets; Sentry never gets them.
_SCRUBBED_REQUEST_KEYS = ("cookies", "data", "headers", "query_string", "env")


def init_sentry(*, dsn: str, environment: str, transport: Any = None) -> bool:
    """Start sentry-sdk when a DSN is given; return whether it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    options: dict[str, Any] = {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
        "send_default_pii": False,
        # Frame locals hold requests, forms and rows: personal data. Stacks suffice.
        "include_local_variables": False,
        "before_send": scrub_personal_data,
        "traces_sample_rate": 0.0,
    }
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
    return True


def scrub_personal_data(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Drop everything that could identify a person; keep the tenant tag and the stack."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in _SCRUBBED_REQUEST_KEYS:
            request.pop(key, None)
    return event
