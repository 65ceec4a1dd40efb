"""A session ends after a period without requests; use keeps it alive."""

import time

import pytest

from shared.accounts.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def last_seen(client, seconds_ago):  # type: ignore[no-untyped-def]
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


class TestSessionIdleTimeout:
    def test_a_session_idle_longer_than_the_limit_is_logged_out(
        self, tenant_a, member_of, client_for, settings
    ):
        settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
        client = client_for(tenant_a, person=member_of(tenant_a))
        last_seen(client, 30 * 60 + 1)

        response = client.get("/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert client.get("/").status_code == 302  # and stays logged out

    def test_a_session_used_within_the_limit_stays_and_is_refreshed(
        self, tenant_a, member_of, client_for, settings
    ):
        settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
        client = client_for(tenant_a, person=member_of(tenant_a))
        last_seen(client, 29 * 60)

        assert client.get("/").status_code == 200
        assert int(time.time()) - client.session[LAST_SEEN_KEY] < 5

    def test_the_clock_starts_at_login(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a))

        assert int(time.time()) - client.session[LAST_SEEN_KEY] < 5

    def test_the_session_cookie_lasts_as_long_as_the_idle_limit(self, settings):
        assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT_SECONDS
