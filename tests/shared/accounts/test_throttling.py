"""Login, the token endpoint and password reset are throttled per account and per address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.db.models import F

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
RESET = "/accounts/password-reset/"
HOME = "10.0.0.1"
ATTACKER = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_counts(settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 5
    settings.ACCOUNTS_LOGIN_ADDRESS_FAILURE_LIMIT = 50
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    cache.clear()
    yield
    cache.clear()  # the reset counts live in the cache, not in the rolled-back database


@pytest.fixture
def person(tenant_a, member_of):  # type: ignore[no-untyped-def]
    return member_of(tenant_a, person__email="anna@example.org")


def login(client, password, *, address, email="anna@example.org"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail_logins(client, times, *, address, email="anna@example.org"):  # type: ignore[no-untyped-def]
    for _ in range(times):
        login(client, "fel", address=address, email=email)


def pass_the_cool_off():  # type: ignore[no-untyped-def]
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))


class TestLoginThrottling:
    def test_five_failures_lock_that_account_from_that_address_with_a_clear_message(
        self, person, tenant_a, client_for
    ):
        client = client_for(tenant_a)
        fail_logins(client, 4, address=ATTACKER)

        fifth = login(client, "fel", address=ATTACKER)
        with_the_right_password = login(client, TEST_PASSWORD, address=ATTACKER)

        assert fifth.status_code == 429
        assert with_the_right_password.status_code == 429
        page = with_the_right_password.content.decode()
        assert "För många misslyckade inloggningar" in page
        assert "15 minuter" in page
        assert client.get("/").status_code == 302  # not logged in

    def test_the_real_person_from_their_own_address_still_gets_in(
        self, person, tenant_a, client_for
    ):
        fail_logins(client_for(tenant_a), 5, address=ATTACKER)
        client = client_for(tenant_a)

        response = login(client, TEST_PASSWORD, address=HOME)

        assert response.status_code == 302
        assert client.get("/").status_code == 200

    def test_the_lock_ends_after_the_cool_off(self, person, tenant_a, client_for):
        client = client_for(tenant_a)
        fail_logins(client, 5, address=ATTACKER)
        assert login(client, TEST_PASSWORD, address=ATTACKER).status_code == 429

        pass_the_cool_off()

        assert login(client, TEST_PASSWORD, address=ATTACKER).status_code == 302

    def test_changing_the_letter_case_does_not_start_a_new_count(
        self, person, tenant_a, client_for
    ):
        client = client_for(tenant_a)
        for email in [
            "anna@example.org",
            "ANNA@example.org",
            "Anna@Example.org",
            "anna@EXAMPLE.org",
        ]:
            login(client, "fel", address=ATTACKER, email=email)

        assert login(client, "fel", address=ATTACKER, email="aNNa@example.org").status_code == 429

    def test_an_address_that_fails_over_many_accounts_is_locked_as_a_whole(
        self, tenant_a, member_of, client_for, settings
    ):
        settings.ACCOUNTS_LOGIN_ADDRESS_FAILURE_LIMIT = 6
        member_of(tenant_a, person__email="bert@example.org")
        client = client_for(tenant_a)
        for n in range(6):
            login(client, "fel", address=ATTACKER, email=f"gissning{n}@example.org")

        response = login(client, TEST_PASSWORD, address=ATTACKER, email="bert@example.org")

        assert response.status_code == 429
        assert login(client, TEST_PASSWORD, address=HOME, email="bert@example.org").status_code == (
            302
        )

    def test_a_successful_login_clears_only_that_accounts_failures(
        self, person, tenant_a, client_for
    ):
        client = client_for(tenant_a)
        fail_logins(client, 4, address=HOME)

        login(client, TEST_PASSWORD, address=HOME)

        assert not AccessAttempt.objects.filter(username="anna@example.org").exists()


class TestTokenEndpointThrottling:
    def post(self, client, password, *, address):  # type: ignore[no-untyped-def]
        return client.post(
            TOKEN, {"email": "anna@example.org", "password": password}, REMOTE_ADDR=address
        )

    def test_counts_failures_and_locks_with_the_error_shape(self, person, tenant_a, client_for):
        client = client_for(tenant_a)
        for _ in range(4):
            assert self.post(client, "fel", address=ATTACKER).status_code == 400

        fifth = self.post(client, "fel", address=ATTACKER)
        locked = self.post(client, TEST_PASSWORD, address=ATTACKER)

        assert fifth.status_code == 429
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "locked_out"
        assert "För många misslyckade inloggningar" in locked.json()["error"]["message"]
        assert int(locked["Retry-After"]) == 15 * 60

    def test_login_page_failures_count_towards_the_token_endpoint_too(
        self, person, tenant_a, client_for
    ):
        client = client_for(tenant_a)
        fail_logins(client, 5, address=ATTACKER)

        assert self.post(client, TEST_PASSWORD, address=ATTACKER).status_code == 429
        assert self.post(client, TEST_PASSWORD, address=HOME).status_code == 200


class TestPasswordResetThrottling:
    def reset(self, client, email, *, address):  # type: ignore[no-untyped-def]
        return client.post(RESET, {"email": email}, REMOTE_ADDR=address)

    def test_mails_one_account_at_most_three_times_an_hour(self, person, tenant_a, client_for):
        client = client_for(tenant_a)
        for n in range(3):
            assert self.reset(client, "anna@example.org", address=f"10.0.1.{n}").status_code == 302

        fourth = self.reset(client, "ANNA@example.org", address="10.0.1.9")

        assert fourth.status_code == 429
        assert "För många begäranden om nytt lösenord" in fourth.content.decode()
        assert len(mail.outbox) == 3

    def test_limits_one_address_over_many_accounts(self, person, tenant_a, client_for, settings):
        settings.ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS = "2/h"
        client = client_for(tenant_a)
        self.reset(client, "okand1@example.org", address=ATTACKER)
        self.reset(client, "okand2@example.org", address=ATTACKER)

        response = self.reset(client, "anna@example.org", address=ATTACKER)

        assert response.status_code == 429
        assert mail.outbox == []
        assert self.reset(client, "anna@example.org", address=HOME).status_code == 302

    def test_counts_across_organisations_hosts(self, person, tenant_a, tenant_b, client_for):
        for n, tenant in enumerate([tenant_a, tenant_b, tenant_a]):
            self.reset(client_for(tenant), "anna@example.org", address=f"10.0.2.{n}")

        assert self.reset(client_for(tenant_b), "anna@example.org", address=HOME).status_code == 429
