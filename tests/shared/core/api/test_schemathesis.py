"""Schemathesis drives both OpenAPI schemas against the application in-process (WSGI).

Every operation of the organisation's schema, as an admin and as a viewer
(read-only), and every operation of the public site's schema, anonymously:
the examples, coverage (positive and negative) and fuzzing phases with all of
schemathesis's checks, then its stateful phase. No response may be a server
error or break the schema. A failure prints the request that reproduces it
(as a curl command).

CI runs a bounded number of examples per operation; for a longer run:

    IDESLUSS_SCHEMATHESIS_EXAMPLES=200 IDESLUSS_TEST_DB_NAME=test_mine \\
      .venv/bin/pytest tests/shared/core/api/test_schemathesis.py -p no:cacheprovider
"""

from __future__ import annotations

import os
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings

from shared.core.api.schema import PUBLIC_SITE_SETTINGS
from tests.factories import api_token_for

EXAMPLES = int(os.environ.get("IDESLUSS_SCHEMATHESIS_EXAMPLES", "3"))
STATEFUL_STEPS = int(os.environ.get("IDESLUSS_SCHEMATHESIS_STEPS", "10"))
STATEFUL_RUNS = int(os.environ.get("IDESLUSS_SCHEMATHESIS_RUNS", "10"))
TENANT_HOST = "alfa.localhost"

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": int(os.environ.get("IDESLUSS_SCHEMATHESIS_SEED", "12")),
        # Slow or filtered generation is expected here; the admin and viewer fixtures
        # are deliberately shared by every example of an operation.
        "suppress-health-check": ["all"],
        "generation": {"mode": "all", "max-examples": EXAMPLES},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {
                "enabled": True,
                "max-steps": STATEFUL_STEPS,
                # The credentials come as plain headers in the sequences, which this check
                # would send again beside its invalid ones; the per-operation tests run it.
                "checks": {"ignored_auth": {"enabled": False}},
            },
        },
        "checks": {
            # A request the schema admits may still be refused by a rule the schema cannot
            # say (an id that names nothing here, a call that has closed): that is a 400
            # with field errors, checked by the API's own tests. Everything else stays on.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
            },
        },
    }
)


def _raw_schema(urlconf: str, custom_settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The schema the host serves at /api/schema/, generated the same way."""
    with patched_settings(custom_settings):
        return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)


def _load(urlconf: str, custom_settings: dict[str, Any] | None = None) -> Any:
    schema = schemathesis.openapi.from_dict(_raw_schema(urlconf, custom_settings), config=CONFIG)
    schema.app = get_wsgi_application()
    return schema


organization_schema = _load("config.urls_tenant")
public_schema = _load("config.urls_public", PUBLIC_SITE_SETTINGS)


@pytest.fixture(autouse=True)
def _connection_kept_open():  # type: ignore[no-untyped-def]
    """Keep the test's connection (and its transaction) across requests, as Django's Client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_of(tenant_a, member_of):  # type: ignore[no-untyped-def]
    """Headers of a new member of Alfa with ``role``, by API token, on Alfa's host."""

    def make(role: str) -> dict[str, str]:
        issued = api_token_for(member_of(tenant_a, role), tenant_a)
        return {"Host": TENANT_HOST, "Authorization": f"Token {issued.key}"}

    return make


@pytest.fixture
def admin_headers(token_of):  # type: ignore[no-untyped-def]
    return token_of("admin")


@pytest.fixture
def viewer_headers(token_of):  # type: ignore[no-untyped-def]
    return token_of("viewer")


@pytest.mark.django_db
@organization_schema.parametrize()
def test_organisation_api_as_admin(case, admin_headers):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=admin_headers)


@pytest.mark.django_db
@organization_schema.parametrize()
def test_organisation_api_as_viewer(case, viewer_headers):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers=viewer_headers)


@pytest.mark.django_db
@public_schema.parametrize()
def test_public_site_api_anonymously(case):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Host": "localhost"})


def _run_stateful(schema: Any, headers: dict[str, str]) -> None:
    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case):  # type: ignore[no-untyped-def]
            return {"headers": headers}

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_RUNS,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            derandomize=True,
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_organisation_api_in_sequences_of_calls(role, token_of):  # type: ignore[no-untyped-def]
    _run_stateful(organization_schema, token_of(role))
