"""Password reset and organisation-switch links belong to one organisation's host."""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core import signing as django_signing

from shared.accounts import services
from shared.accounts.models import Membership
from shared.organizations.models import Domain

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ett-nytt-bra-lösenord-7f3c"


def reset_link(message: mail.EmailMessage) -> str:
    return next(line for line in str(message.body).splitlines() if "/password-reset/" in line)


def member_of_both(member_of, tenant_a, tenant_b, **fields):
    person = member_of(tenant_a, "staff", **fields)
    Membership.objects.create(person=person, organization=tenant_b, role="staff")
    return person


class TestPasswordReset:
    def test_the_link_is_built_from_the_configured_domain_whatever_host_the_request_named(
        self, tenant_a, member_of, client_for
    ):
        member_of(tenant_a, person__email="glomsk@example.org")
        Domain.objects.create(domain="alfa-alias.localhost", tenant=tenant_a, is_primary=False)
        client = client_for(tenant_a)

        response = client.post(
            "/accounts/password-reset/",
            {"email": "glomsk@example.org"},
            HTTP_HOST="alfa-alias.localhost",
        )

        assert response.status_code == 302
        link = urlsplit(reset_link(mail.outbox[0]))
        assert link.hostname == f"alfa.{settings.BASE_DOMAIN}"
        assert "alfa-alias" not in mail.outbox[0].body

    def test_a_reset_link_from_one_organisation_is_refused_on_anothers_host(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of_both(member_of, tenant_a, tenant_b, person__email="tva@example.org")
        client_for(tenant_a).post("/accounts/password-reset/", {"email": "tva@example.org"})
        path = urlsplit(reset_link(mail.outbox[0])).path
        elsewhere = client_for(tenant_b)

        response = elsewhere.get(path)
        form_path = path.rsplit("/", 2)[0] + "/set-password/"
        elsewhere.post(form_path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        assert response.status_code == 200  # the "link does not work" page, no form
        assert not response.context["validlink"]
        person.refresh_from_db()
        assert not person.check_password(NEW_PASSWORD)
        assert client_for(tenant_a).get(path).status_code == 302  # still good at home

    def test_the_link_sets_a_new_password_on_its_own_host(self, tenant_a, member_of, client_for):
        person = member_of(tenant_a, person__email="hemma@example.org")
        client = client_for(tenant_a)
        client.post("/accounts/password-reset/", {"email": "hemma@example.org"})

        form_url = client.get(urlsplit(reset_link(mail.outbox[0])).path)["Location"]
        client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        person.refresh_from_db()
        assert person.check_password(NEW_PASSWORD)

    def test_an_invited_member_whose_invitation_expired_can_ask_for_a_new_link(
        self, tenant_a, member_of, client_for
    ):
        person = member_of(tenant_a, "admin", person__email="inbjuden@example.org")
        person.set_unusable_password()
        person.save()
        client = client_for(tenant_a)

        client.post("/accounts/password-reset/", {"email": "inbjuden@example.org"})
        form_url = client.get(urlsplit(reset_link(mail.outbox[0])).path)["Location"]
        client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        person.refresh_from_db()
        assert person.check_password(NEW_PASSWORD)

    def test_a_person_without_a_password_gets_no_link_from_an_organisation_they_are_not_in(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of(tenant_b, "staff", person__email="annanstans@example.org")
        person.set_unusable_password()
        person.save()

        client_for(tenant_a).post("/accounts/password-reset/", {"email": "annanstans@example.org"})

        assert mail.outbox == []


class TestHandoff:
    def switch_path(self, client, slug: str, host: str) -> str:
        target = client.get(f"/accounts/switch/{slug}/")["Location"]
        assert target.startswith(f"http://{host}/accounts/handoff/?t=")
        return target.removeprefix(f"http://{host}")

    def test_a_handoff_link_logs_in_once_and_a_replay_is_refused(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of_both(member_of, tenant_a, tenant_b)
        path = self.switch_path(client_for(tenant_a, person=person), "beta", "beta.localhost")
        first, replay = client_for(tenant_b), client_for(tenant_b)

        assert first.get(path).status_code == 302
        assert first.get("/").status_code == 200
        assert replay.get(path).status_code == 400
        assert replay.get("/").status_code == 302  # not logged in: sent to the login page

    def test_a_handoff_made_for_one_organisation_is_refused_on_another(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of_both(member_of, tenant_a, tenant_b)
        token = services.handoff_token_create(person=person, organization=tenant_a)

        refused = client_for(tenant_b).get(f"/accounts/handoff/?t={token}")

        assert refused.status_code == 400
        assert client_for(tenant_b).get("/").status_code == 302
        # Trying it elsewhere did not spend it: it still works where it was made for.
        assert client_for(tenant_a).get(f"/accounts/handoff/?t={token}").status_code == 302

    def test_the_token_carries_nothing_from_the_password_hash(self, tenant_a, member_of):
        person = member_of(tenant_a)
        token = services.handoff_token_create(person=person, organization=tenant_a)

        payload = json.loads(django_signing.b64_decode(token.split(":")[0].encode()))

        assert set(payload) == {"org", "v", "jti"}
        assert payload["org"] == tenant_a.pk
        assert payload["v"] == {"p": person.pk}
        pieces = [piece for piece in person.password.split("$") if len(piece) >= 6]
        assert pieces  # the hash has a salt and a digest to look for
        for piece in [*pieces, person.password[-12:]]:
            assert piece not in token
            assert piece not in json.dumps(payload)

    def test_a_member_who_left_cannot_use_a_handoff_made_before(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        person = member_of_both(member_of, tenant_a, tenant_b)
        token = services.handoff_token_create(person=person, organization=tenant_b)
        Membership.objects.filter(person=person, organization=tenant_b).delete()

        assert client_for(tenant_b).get(f"/accounts/handoff/?t={token}").status_code == 400
