"""API tokens belong to one organisation, expire, and die with the password or the membership."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared.accounts import services
from shared.accounts.models import ApiToken, Membership, TokenRevocation
from shared.core.models import AuditEntry
from tests.factories import TEST_PASSWORD, api_token_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def auth(token):  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Token {token.key}"}


def _token_writes(queries: CaptureQueriesContext) -> int:
    return sum(q["sql"].startswith('UPDATE "accounts_apitoken"') for q in queries.captured_queries)


class TestApiTokenCreate:
    def test_stores_only_a_hash_and_expires_after_the_configured_days(
        self, tenant_a, member_of, settings
    ):
        settings.API_TOKEN_MAX_AGE_DAYS = 30
        person = member_of(tenant_a)

        issued = services.api_token_create(person=person, organization=tenant_a, name="Export")

        stored = ApiToken.objects.get(pk=issued.token.pk)
        assert stored.key_hash == services.api_token_hash(issued.key) != issued.key
        assert issued.key.startswith(stored.prefix)
        assert abs(stored.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
        assert AuditEntry.objects.filter(
            action="api_token.created", target=f"person:{person.pk}"
        ).exists()

    def test_refuses_a_lifetime_longer_than_allowed(self, tenant_a, member_of, settings):
        settings.API_TOKEN_MAX_AGE_DAYS = 30

        with pytest.raises(ValidationError) as error:
            services.api_token_create(person=member_of(tenant_a), organization=tenant_a, days=31)

        assert "days" in error.value.message_dict

    def test_refuses_a_person_who_is_not_a_member_there(self, tenant_a, tenant_b, member_of):
        with pytest.raises(ValidationError):
            services.api_token_create(person=member_of(tenant_a), organization=tenant_b)


class TestTokenAuthentication:
    def test_a_token_of_a_works_on_a(self, tenant_a, member_of, client_for):
        token = api_token_for(member_of(tenant_a, "viewer"))

        response = client_for(tenant_a).get(ME, **auth(token))

        assert response.status_code == 200
        assert response.json()["organization"] == "alfa"

    def test_a_token_of_a_is_refused_on_b_even_for_a_member_of_both(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of(tenant_a, "admin")
        Membership.objects.create(person=person, organization=tenant_b, role="admin")
        token = api_token_for(person, tenant_a)

        response = client_for(tenant_b).get(ME, **auth(token))

        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
        assert "annan organisation" in response.json()["error"]["message"]

    def test_an_expired_token_is_refused_with_401(self, tenant_a, member_of, client_for):
        token = api_token_for(member_of(tenant_a))
        ApiToken.objects.filter(pk=token.token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )

        response = client_for(tenant_a).get(ME, **auth(token))

        assert response.status_code == 401
        assert response.json()["error"]["code"] == "authentication_failed"

    def test_an_unknown_key_is_refused_with_401(self, tenant_a, client_for):
        response = client_for(tenant_a).get(ME, HTTP_AUTHORIZATION="Token not-a-real-key")

        assert response.status_code == 401

    def test_records_when_it_was_last_used(self, tenant_a, member_of, client_for):
        token = api_token_for(member_of(tenant_a))

        client_for(tenant_a).get(ME, **auth(token))

        assert ApiToken.objects.get(pk=token.token.pk).last_used_at is not None

    def test_records_use_at_most_once_a_minute(self, tenant_a, member_of, client_for):
        token = api_token_for(member_of(tenant_a))
        client = client_for(tenant_a)

        with CaptureQueriesContext(connection) as first:
            assert client.get(ME, **auth(token)).status_code == 200
        with CaptureQueriesContext(connection) as second:
            assert client.get(ME, **auth(token)).status_code == 200
        ApiToken.objects.filter(pk=token.token.pk).update(
            last_used_at=timezone.now() - timedelta(minutes=2)
        )
        with CaptureQueriesContext(connection) as a_while_later:
            assert client.get(ME, **auth(token)).status_code == 200

        assert [_token_writes(each) for each in (first, second, a_while_later)] == [1, 0, 1]
        assert len(second) == len(first) - 1
        stored = ApiToken.objects.get(pk=token.token.pk)
        assert stored.last_used_at is not None
        assert timezone.now() - stored.last_used_at < timedelta(minutes=1)


class TestRevocation:
    def test_changing_the_password_revokes_every_token_of_the_person(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of(tenant_a)
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        token_a, token_b = api_token_for(person, tenant_a), api_token_for(person, tenant_b)

        person.set_password("ett-helt-nytt-lösenord")
        person.save()

        assert client_for(tenant_a).get(ME, **auth(token_a)).status_code == 401
        assert client_for(tenant_b).get(ME, **auth(token_b)).status_code == 401
        assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {
            TokenRevocation.PASSWORD_CHANGED
        }

    def test_a_password_set_through_the_reset_link_revokes_tokens(
        self, tenant_a, member_of, client_for
    ):
        person = member_of(tenant_a, person__email="glomsk@example.org")
        token = api_token_for(person)
        client = client_for(tenant_a)
        from django.core import mail

        client.post("/accounts/password-reset/", {"email": "glomsk@example.org"})
        link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
        form_url = client.get(link.removeprefix("http://alfa.localhost"))["Location"]
        client.post(
            form_url,
            {"new_password1": "ett-nytt-bra-lösenord", "new_password2": "ett-nytt-bra-lösenord"},
        )

        assert client_for(tenant_a).get(ME, **auth(token)).status_code == 401

    def test_saving_a_person_without_a_new_password_keeps_the_tokens(
        self, tenant_a, member_of, client_for
    ):
        person = member_of(tenant_a)
        token = api_token_for(person)

        person.full_name = "Nytt Namn"
        person.save()

        assert client_for(tenant_a).get(ME, **auth(token)).status_code == 200

    def test_removing_the_membership_revokes_the_tokens_for_that_organisation_only(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        member_of(tenant_a, "admin")  # another admin, so the person may go
        person = member_of(tenant_a, "staff")
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        token_a, token_b = api_token_for(person, tenant_a), api_token_for(person, tenant_b)

        services.membership_remove(
            membership=Membership.objects.get(person=person, organization=tenant_a)
        )

        assert client_for(tenant_a).get(ME, **auth(token_a)).status_code == 401
        assert client_for(tenant_b).get(ME, **auth(token_b)).status_code == 200
        assert ApiToken.objects.get(pk=token_a.token.pk).revoked_reason == (
            TokenRevocation.MEMBERSHIP_ENDED
        )

    def test_a_membership_deleted_outside_the_service_revokes_them_too(
        self, tenant_a, member_of, client_for
    ):
        person = member_of(tenant_a)
        token = api_token_for(person)

        Membership.objects.filter(person=person).delete()

        assert ApiToken.objects.get(pk=token.token.pk).revoked_at is not None


class TestTokenEndpoint:
    def test_answers_on_the_public_site_that_tokens_come_from_the_organisations_host(
        self, member_of, tenant_a, client_for
    ):
        member_of(tenant_a, person__email="api@example.org")

        response = client_for().post(
            "/api/v1/auth/token/", {"email": "api@example.org", "password": TEST_PASSWORD}
        )

        assert response.status_code == 400
        assert ApiToken.objects.count() == 0

    def test_refuses_a_right_password_of_someone_who_is_not_a_member_here(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        member_of(tenant_b, person__email="b@example.org")

        response = client_for(tenant_a).post(
            "/api/v1/auth/token/", {"email": "b@example.org", "password": TEST_PASSWORD}
        )

        assert response.status_code == 403
        assert ApiToken.objects.count() == 0

    def test_the_token_it_gives_works_here_and_not_on_another_host(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of(tenant_a, person__email="both@example.org")
        Membership.objects.create(person=person, organization=tenant_b, role="staff")

        key = (
            client_for(tenant_a)
            .post("/api/v1/auth/token/", {"email": "both@example.org", "password": TEST_PASSWORD})
            .json()["token"]
        )

        assert client_for(tenant_a).get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
        assert client_for(tenant_b).get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


class TestOwnTokensApi:
    URL = "/api/v1/auth/tokens/"

    def test_lists_only_the_callers_tokens_in_this_organisation(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of(tenant_a)
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        mine = api_token_for(person, tenant_a)
        api_token_for(person, tenant_b)
        api_token_for(member_of(tenant_a))  # someone else's

        response = client_for(tenant_a).get(self.URL, **auth(mine))

        assert [t["id"] for t in response.json()] == [mine.token.pk]
        assert "token" not in response.json()[0]
        assert "key_hash" not in response.json()[0]

    def test_makes_a_token_whose_key_is_shown_once(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a))

        created = client.post(
            self.URL, {"name": "Export", "days": 7}, content_type="application/json"
        )

        assert created.status_code == 201
        key = created.json()["token"]
        assert client_for(tenant_a).get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
        assert key not in client.get(self.URL).content.decode()

    def test_revokes_its_own_token_and_it_stops_working(self, tenant_a, member_of, client_for):
        token = api_token_for(member_of(tenant_a))
        client = client_for(tenant_a)

        response = client.post(f"{self.URL}{token.token.pk}/revoke/", **auth(token))

        assert response.status_code == 200
        assert response.json()["revoked_reason"] == TokenRevocation.BY_OWNER
        assert client.get(ME, **auth(token)).status_code == 401

    def test_cannot_revoke_someone_elses_token(self, tenant_a, member_of, client_for):
        theirs = api_token_for(member_of(tenant_a, "admin"))
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.post(f"{self.URL}{theirs.token.pk}/revoke/")

        assert response.status_code == 404
        assert ApiToken.objects.get(pk=theirs.token.pk).revoked_at is None


class TestOwnTokensPage:
    URL = "/api-nycklar/"

    def test_shows_a_new_key_once_and_lists_it_afterwards_without_the_key(
        self, tenant_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "viewer"))

        created = client.post(self.URL, {"name": "Rapportexport"})
        key = created.context["issued"].key

        assert created.status_code == 201
        assert key in created.content.decode()
        listed = client.get(self.URL).content.decode()
        assert "Rapportexport" in listed
        assert key not in listed

    def test_revokes_a_key_from_the_page(self, tenant_a, member_of, client_for):
        person = member_of(tenant_a)
        token = api_token_for(person)
        client = client_for(tenant_a, person=person)

        response = client.post(f"{self.URL}{token.token.pk}/aterkalla/")

        assert response.status_code == 302
        assert ApiToken.objects.get(pk=token.token.pk).revoked_reason == TokenRevocation.BY_OWNER
        assert "Återkallad av ägaren" in client.get(self.URL).content.decode()

    def test_cannot_revoke_another_persons_key(self, tenant_a, member_of, client_for):
        theirs = api_token_for(member_of(tenant_a))
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        assert client.post(f"{self.URL}{theirs.token.pk}/aterkalla/").status_code == 404
        assert ApiToken.objects.get(pk=theirs.token.pk).revoked_at is None

    def test_is_for_members_only(self, tenant_a, tenant_b, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_b))

        assert client.get(self.URL).status_code == 403
