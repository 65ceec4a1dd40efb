"""People reach an organisation only through a membership there, by session or by token."""

import pytest
from django.core import mail

from shared.accounts.models import ApiToken, Membership
from shared.accounts.services import api_token_hash
from tests.factories import TEST_PASSWORD, PersonFactory, api_token_for

pytestmark = pytest.mark.django_db


class TestLogin:
    def test_logs_in_by_email_in_any_letter_case_on_a_tenant_host(
        self, tenant_a, member_of, client_for
    ):
        person = member_of(tenant_a, "coach", person__email="coach@example.org")
        client = client_for(tenant_a)

        response = client.post(
            "/accounts/login/", {"username": "COACH@Example.org", "password": TEST_PASSWORD}
        )

        assert response.status_code == 302
        assert client.get("/").context["membership"].person == person

    def test_a_wrong_password_gets_a_clear_message_and_keeps_the_address(
        self, tenant_a, member_of, client_for
    ):
        member_of(tenant_a, person__email="coach@example.org")

        response = client_for(tenant_a).post(
            "/accounts/login/", {"username": "coach@example.org", "password": "fel"}
        )

        assert response.status_code == 200
        assert "Fel e-postadress eller lösenord" in response.content.decode()
        assert 'value="coach@example.org"' in response.content.decode()

    def test_logout_ends_the_session(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a))

        client.post("/accounts/logout/")

        assert client.get("/").status_code == 302

    def test_an_anonymous_visitor_of_a_tenant_home_is_sent_to_login(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class TestPasswordReset:
    def test_mails_a_link_that_sets_a_new_password(self, tenant_a, member_of, client_for):
        person = member_of(tenant_a, person__email="glomsk@example.org")
        client = client_for(tenant_a)

        client.post("/accounts/password-reset/", {"email": "glomsk@example.org"})

        assert len(mail.outbox) == 1
        link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
        assert link.startswith("http://alfa.localhost/accounts/password-reset/")
        path = link.removeprefix("http://alfa.localhost")
        form_url = client.get(path)["Location"]
        client.post(
            form_url,
            {"new_password1": "ett-nytt-bra-lösenord", "new_password2": "ett-nytt-bra-lösenord"},
        )
        person.refresh_from_db()
        assert person.check_password("ett-nytt-bra-lösenord")

    def test_says_the_same_for_an_unknown_address(self, tenant_a, client_for):
        response = client_for(tenant_a).post(
            "/accounts/password-reset/", {"email": "okand@example.org"}
        )

        assert response.status_code == 302
        assert mail.outbox == []


class TestMembershipIsRequired:
    """A person without a membership in B gets 403 in B, whatever session or token from A."""

    def test_a_session_from_a_gets_403_on_bs_pages(self, tenant_a, tenant_b, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        for path in ["/", "/behov/", "/medlemmar/"]:
            response = client.get(path, HTTP_HOST="beta.localhost")
            assert response.status_code == 403, path

    def test_a_session_from_a_gets_403_on_bs_api(self, tenant_a, tenant_b, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        for path in ["/api/v1/me/", "/api/v1/needs/"]:
            response = client.get(path, HTTP_HOST="beta.localhost")
            assert response.status_code == 403, path
            assert response.json()["error"]["code"] == "permission_denied"

    def test_a_token_from_a_gets_403_on_bs_api(self, tenant_a, tenant_b, member_of, client_for):
        token = api_token_for(member_of(tenant_a, "admin"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        assert client_for(tenant_a).get("/api/v1/me/", **auth).status_code == 200
        assert client_for(tenant_b).get("/api/v1/me/", **auth).status_code == 403
        assert (
            client_for(tenant_b)
            .post("/api/v1/needs/", {"title": "x", "description": "y"}, **auth)
            .status_code
            == 403
        )

    def test_a_member_of_both_is_let_into_both(self, tenant_a, tenant_b, member_of, client_for):
        person = member_of(tenant_a, "staff")
        Membership.objects.create(person=person, organization=tenant_b, role="viewer")
        client = client_for(tenant_a, person=person)

        assert client.get("/api/v1/me/").json()["role"] == "staff"
        assert client.get("/api/v1/me/", HTTP_HOST="beta.localhost").json()["role"] == "viewer"

    def test_a_role_without_the_capability_gets_403(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "viewer"))

        response = client.post("/api/v1/needs/", {"title": "x", "description": "y"})

        assert response.status_code == 403
        assert client.get("/api/v1/needs/").status_code == 200

    def test_an_anonymous_api_call_gets_401_or_403_in_the_error_shape(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/api/v1/needs/")

        assert response.status_code in (401, 403)
        assert set(response.json()["error"]) >= {"code", "message"}


class TestTokenObtain:
    def test_exchanges_email_and_password_for_a_token_of_the_hosts_organisation(
        self, tenant_a, member_of, client_for
    ):
        person = member_of(tenant_a, person__email="api@example.org")

        response = client_for(tenant_a).post(
            "/api/v1/auth/token/", {"email": "api@example.org", "password": TEST_PASSWORD}
        )

        assert response.status_code == 200
        key = response.json()["token"]
        stored = ApiToken.objects.get(key_hash=api_token_hash(key))
        assert (stored.person, stored.organization) == (person, tenant_a)
        assert key not in {stored.key_hash, stored.prefix}  # only its hash is kept

    def test_refuses_a_wrong_password_in_the_error_shape(self, tenant_a, client_for):
        PersonFactory(email="api@example.org")

        response = client_for(tenant_a).post(
            "/api/v1/auth/token/", {"email": "api@example.org", "password": "x"}
        )

        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid"
        assert response.json()["error"]["fields"]["non_field_errors"]


class TestOrganizationSwitcher:
    def test_hands_a_member_of_two_over_to_the_other_logged_in(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of(tenant_a, "coach")
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        client_a = client_for(tenant_a, person=person)

        home = client_a.get("/")
        assert [o.slug for o in home.context["other_organizations"]] == ["beta"]
        redirect = client_a.get("/accounts/switch/beta/")
        assert redirect.status_code == 302
        target = redirect["Location"]
        assert target.startswith("http://beta.localhost/accounts/handoff/?t=")

        client_b = client_for(tenant_b)  # a fresh browser session on B's host
        client_b.get(target.removeprefix("http://beta.localhost"))
        assert client_b.get("/").context["membership"].role == "staff"

    def test_will_not_switch_to_an_organisation_the_person_is_not_in(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a))

        assert client.get("/accounts/switch/beta/").status_code == 404

    def test_a_handoff_token_for_a_is_refused_on_b(self, tenant_a, tenant_b, member_of, client_for):
        person = member_of(tenant_a)
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        target = client_for(tenant_a, person=person).get("/accounts/switch/alfa/")["Location"]
        token_path = target.removeprefix("http://alfa.localhost")

        response = client_for(tenant_b).get(token_path)

        assert response.status_code == 400
        assert client_for(tenant_b).get("/").status_code == 302

    def test_a_tampered_token_is_refused(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/accounts/handoff/?t=forged")

        assert response.status_code == 400
