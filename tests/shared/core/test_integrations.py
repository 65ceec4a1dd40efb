"""Errors reach Sentry tagged with the tenant, and without personal data."""

import pytest
import sentry_sdk
from django.urls import path
from sentry_sdk.transport import Transport

from config import integrations
from shared.accounts.permissions import capability_required

pytestmark = pytest.mark.django_db


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@capability_required("workspace.view")
def broken_view(request):
    raise ValueError("kaputt")


urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    integrations.init_sentry(
        dsn="https://key@sentry.invalid/1", environment="test", transport=transport
    )
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # back to a client that sends nothing


class TestSentry:
    def test_is_off_without_a_dsn(self):
        assert integrations.init_sentry(dsn="", environment="test") is False

    def test_an_error_in_a_tenant_request_is_tagged_with_the_tenant_and_carries_no_person(
        self, tenant_a, member_of, client_for, sentry_events, settings
    ):
        settings.ROOT_URLCONF = __name__
        person = member_of(tenant_a, person__email="privat@example.org")
        client = client_for(tenant_a, person=person)
        client.raise_request_exception = False

        client.get("/broken/?email=privat@example.org", HTTP_COOKIE="x=y")

        assert len(sentry_events) == 1
        event = sentry_events[0]
        assert event["tags"]["tenant"] == "alfa"
        assert "privat@example.org" not in str(event)
        assert "user" not in event
