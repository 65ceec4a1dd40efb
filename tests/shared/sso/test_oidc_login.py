"""Logging in by an organisation's own OpenID Connect provider, against a real local provider."""

from __future__ import annotations

import base64
import json

import pytest
from django.conf import settings

from shared.accounts import services as accounts_services
from shared.accounts.models import ApiToken, Membership, Person, TokenRevocation
from shared.core.models import AuditEntry
from shared.sso import oidc
from shared.sso.models import ExternalIdentity
from shared.sso.tasks import check_members
from tests.shared.sso.conftest import back_from_provider, follow_to_provider

pytestmark = pytest.mark.django_db


def refusals(organization) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        entry.after["reason"]
        for entry in AuditEntry.objects.filter(
            organization=organization, action="sso.login_refused"
        ).order_by("pk")
    ]


class TestLogin:
    def test_a_member_logs_in_by_the_provider_and_keeps_the_role_the_admin_gave(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider, sso_login
    ):
        person = member_of(tenant_a, "council_member", person__email="rad@alfa.example")
        configure_oidc(tenant_a, mappings=[("alfa-coacher", "coach")])
        oidc_provider.set_user("rad-1", email="RAD@alfa.example", name="Rut Råd", groups=[])
        client = client_for(tenant_a)

        response = sso_login(client, "rad-1", next_path="/idéer/")

        assert response.status_code == 302
        assert response["Location"] == "/id%C3%A9er/"
        assert client.get("/").status_code == 200
        assert Membership.objects.get(person=person, organization=tenant_a).role == "council_member"
        entry = AuditEntry.objects.get(organization=tenant_a, action="sso.login")
        assert entry.target == "rad@alfa.example"
        assert entry.after["role"] == "council_member"

    def test_a_first_timer_in_a_mapped_group_is_created_with_the_mapped_role_and_no_password(
        self, tenant_a, client_for, configure_oidc, oidc_provider, sso_login
    ):
        configure_oidc(tenant_a, mappings=[("alfa-coacher", "coach"), ("alfa-personal", "staff")])
        oidc_provider.set_user(
            "ny-1",
            email="ny@alfa.example",
            name="Nils Ny",
            groups=["alfa-personal", "alfa-coacher"],
        )

        response = sso_login(client_for(tenant_a), "ny-1")

        assert response.status_code == 302
        person = Person.objects.get(email="ny@alfa.example")
        assert person.full_name == "Nils Ny"
        assert not person.has_usable_password()
        assert Membership.objects.get(person=person, organization=tenant_a).role == "coach"
        assert ExternalIdentity.objects.get(person=person).role_from_groups

    def test_the_role_follows_the_groups_at_each_login(
        self, tenant_a, client_for, configure_oidc, oidc_provider, sso_login
    ):
        configure_oidc(
            tenant_a, mappings=[("alfa-coacher", "coach"), ("alfa-rad", "council_member")]
        )
        oidc_provider.set_user("byter-1", email="byter@alfa.example", groups=["alfa-coacher"])
        sso_login(client_for(tenant_a), "byter-1")
        oidc_provider.set_user("byter-1", email="byter@alfa.example", groups=["alfa-rad"])

        sso_login(client_for(tenant_a), "byter-1")

        membership = Membership.objects.get(person__email="byter@alfa.example")
        assert membership.role == "council_member"

    def test_someone_in_no_mapped_group_and_not_a_member_is_refused(
        self, tenant_a, client_for, configure_oidc, oidc_provider, sso_login
    ):
        configure_oidc(tenant_a, mappings=[("alfa-coacher", "coach")])
        oidc_provider.set_user("okand-1", email="okand@alfa.example", groups=["andra"])
        client = client_for(tenant_a)

        response = sso_login(client, "okand-1")

        assert response.status_code == 403
        assert "inte medlem" in response.content.decode()
        assert not Person.objects.filter(email="okand@alfa.example").exists()
        assert client.get("/").status_code == 302  # still not logged in
        assert refusals(tenant_a) == ["not_member"]

    def test_an_organisations_provider_cannot_vouch_for_platform_staff(
        self, tenant_a, client_for, configure_oidc, oidc_provider, sso_login
    ):
        accounts_services.person_create(
            email="drift@idesluss.example", full_name="Drift", platform_role="platform_staff"
        )
        configure_oidc(tenant_a, mappings=[("alla", "admin")])
        oidc_provider.set_user("falsk-1", email="drift@idesluss.example", groups=["alla"])

        response = sso_login(client_for(tenant_a), "falsk-1")

        assert response.status_code == 403
        assert not Membership.objects.filter(person__email="drift@idesluss.example").exists()
        assert refusals(tenant_a) == ["platform_account"]

    def test_a_login_the_provider_refuses_is_refused_and_recorded(
        self, tenant_a, client_for, configure_oidc, oidc_provider, sso_login
    ):
        configure_oidc(tenant_a)

        response = sso_login(client_for(tenant_a), "vem-som-helst", deny=True)

        assert response.status_code == 403
        assert refusals(tenant_a) == ["provider_refused"]

    def test_the_login_page_offers_the_organisations_own_login(
        self, tenant_a, client_for, configure_oidc
    ):
        configure_oidc(tenant_a)

        page = client_for(tenant_a).get("/accounts/login/").content.decode()

        assert "Logga in med Alfa kommun" in page
        assert 'href="/accounts/sso/login/"' in page

    def test_the_request_carries_state_nonce_and_a_pkce_challenge(
        self, tenant_a, client_for, configure_oidc
    ):
        configure_oidc(tenant_a)

        location = follow_to_provider(client_for(tenant_a))

        assert "state=" in location
        assert "nonce=" in location
        assert "code_challenge_method=S256" in location
        assert "code_challenge=" in location
        assert "redirect_uri=http%3A%2F%2Falfa.localhost%2Faccounts%2Fsso%2Foidc%2Fcallback%2F" in (
            location
        )


class TestBoundToOneOrganisation:
    def test_a_response_meant_for_one_organisation_is_refused_on_another(
        self, tenant_a, tenant_b, member_of, client_for, configure_oidc, oidc_provider
    ):
        member_of(tenant_a, person__email="vandrare@example.org")
        configure_oidc(tenant_a)
        configure_oidc(tenant_b)
        oidc_provider.set_user("vandrare-1", email="vandrare@example.org")
        alfa = client_for(tenant_a)
        back = oidc_provider.authorize(follow_to_provider(alfa), sub="vandrare-1")
        beta = client_for(tenant_b)
        beta.get("/accounts/login/")  # a session of its own on beta's host

        response = back_from_provider(beta, back)

        assert response.status_code == 400
        assert beta.get("/").status_code == 302
        assert refusals(tenant_b) == ["other_organization"]
        assert refusals(tenant_a) == []

    def test_a_response_is_spent_by_its_first_use(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider
    ):
        member_of(tenant_a, person__email="en-gang@example.org")
        configure_oidc(tenant_a)
        oidc_provider.set_user("en-gang-1", email="en-gang@example.org")
        client = client_for(tenant_a)
        back = oidc_provider.authorize(follow_to_provider(client), sub="en-gang-1")
        assert back_from_provider(client, back).status_code == 302

        replayed = back_from_provider(client_for(tenant_a), back)

        assert replayed.status_code == 400

    def test_a_response_finishes_only_the_login_of_the_browser_that_started_it(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider
    ):
        member_of(tenant_a, person__email="offer@example.org")
        configure_oidc(tenant_a)
        oidc_provider.set_user("offer-1", email="offer@example.org")
        attacker = client_for(tenant_a)
        back = oidc_provider.authorize(follow_to_provider(attacker), sub="offer-1")
        victim = client_for(tenant_a)

        response = back_from_provider(victim, back)

        assert response.status_code == 400
        assert victim.get("/").status_code == 302


class TestIdTokenChecks:
    def test_an_id_token_whose_signed_content_was_changed_is_refused(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider, monkeypatch
    ):
        member_of(tenant_a, "admin", person__email="chef@alfa.example")
        configure_oidc(tenant_a)
        oidc_provider.set_user("lura-1", email="lura@alfa.example")
        real_exchange = oidc.exchange_code

        def tampered(**kwargs):  # type: ignore[no-untyped-def]
            tokens = real_exchange(**kwargs)
            header, payload, signature = tokens["id_token"].split(".")
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            claims["email"] = "chef@alfa.example"
            forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
            tokens["id_token"] = f"{header}.{forged}.{signature}"
            return tokens

        monkeypatch.setattr(oidc, "exchange_code", tampered)
        client = client_for(tenant_a)
        back = oidc_provider.authorize(follow_to_provider(client), sub="lura-1")

        response = back_from_provider(client, back)

        assert response.status_code == 403
        assert client.get("/").status_code == 302
        assert refusals(tenant_a) == ["invalid_response"]

    def test_an_id_token_for_another_client_is_refused(
        self, tenant_a, client_for, configure_oidc, oidc_provider, monkeypatch
    ):
        provider = configure_oidc(tenant_a)
        oidc_provider.set_user("annan-1", email="annan@alfa.example")
        captured: dict[str, str] = {}
        real_claims = oidc.id_token_claims

        def capture(**kwargs):  # type: ignore[no-untyped-def]
            captured["id_token"] = kwargs["id_token"]
            captured["nonce"] = kwargs["nonce"]
            return real_claims(**kwargs)

        monkeypatch.setattr(oidc, "id_token_claims", capture)
        client = client_for(tenant_a)
        back_from_provider(
            client, oidc_provider.authorize(follow_to_provider(client), sub="annan-1")
        )
        provider.client_id = "en-annan-klient"

        with pytest.raises(oidc.ProviderError):
            real_claims(
                provider=provider,
                metadata=oidc.discover(provider.issuer),
                id_token=captured["id_token"],
                nonce=captured["nonce"],
            )

    @pytest.mark.parametrize(
        ("ahead", "accepted"),
        [
            (settings.SSO_CLOCK_SKEW_SECONDS - 60, True),
            (settings.SSO_CLOCK_SKEW_SECONDS + 60, False),
        ],
    )
    def test_a_provider_clock_ahead_of_ours_is_tolerated_within_the_skew(
        self, tenant_a, client_for, configure_oidc, oidc_provider, monkeypatch, ahead, accepted
    ):
        """A token issued "in our future" (the provider's clock runs ahead) passes within limits."""
        import time

        provider = configure_oidc(tenant_a)
        oidc_provider.set_user("klocka-1", email="klocka@alfa.example")
        captured: dict[str, str] = {}
        real_claims = oidc.id_token_claims

        def capture(**kwargs):  # type: ignore[no-untyped-def]
            captured.update(id_token=kwargs["id_token"], nonce=kwargs["nonce"])
            return real_claims(**kwargs)

        monkeypatch.setattr(oidc, "id_token_claims", capture)
        client = client_for(tenant_a)
        back_from_provider(
            client, oidc_provider.authorize(follow_to_provider(client), sub="klocka-1")
        )
        metadata = oidc.discover(provider.issuer)
        real_time = time.time
        # Our clock behind the provider's: the token's iat lies in our future.
        monkeypatch.setattr(time, "time", lambda: real_time() - ahead)

        if accepted:
            assert (
                real_claims(
                    provider=provider,
                    metadata=metadata,
                    id_token=captured["id_token"],
                    nonce=captured["nonce"],
                )["email"]
                == "klocka@alfa.example"
            )
        else:
            with pytest.raises(oidc.ProviderError):
                real_claims(
                    provider=provider,
                    metadata=metadata,
                    id_token=captured["id_token"],
                    nonce=captured["nonce"],
                )


class TestLeavers:
    def test_a_member_no_longer_in_a_mapped_group_loses_membership_tokens_and_sessions(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider, sso_login
    ):
        member_of(tenant_a, "admin")  # the organisation keeps an admin
        configure_oidc(tenant_a, mappings=[("alfa-coacher", "coach")])
        oidc_provider.set_user("slutar-1", email="slutar@alfa.example", groups=["alfa-coacher"])
        earlier = client_for(tenant_a)
        sso_login(earlier, "slutar-1")
        person = Person.objects.get(email="slutar@alfa.example")
        issued = accounts_services.api_token_create(person=person, organization=tenant_a)
        oidc_provider.set_user("slutar-1", email="slutar@alfa.example", groups=[])

        response = sso_login(client_for(tenant_a), "slutar-1")

        assert response.status_code == 403
        assert "tagits bort" in response.content.decode()
        assert not Membership.objects.filter(person=person, organization=tenant_a).exists()
        token = ApiToken.objects.get(pk=issued.token.pk)
        assert token.revoked_reason == TokenRevocation.MEMBERSHIP_ENDED
        assert earlier.get("/").status_code == 403  # the old session opens nothing now
        assert AuditEntry.objects.filter(
            organization=tenant_a, action="sso.leaver_removed", target=person.email
        ).exists()

    def test_the_scheduled_check_ends_the_membership_of_someone_the_provider_no_longer_accepts(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider, sso_login
    ):
        member_of(tenant_a, "admin")
        provider = configure_oidc(tenant_a, mappings=[("alfa-personal", "staff")])
        oidc_provider.set_user("borta-1", email="borta@alfa.example", groups=["alfa-personal"])
        oidc_provider.set_user("kvar-1", email="kvar@alfa.example", groups=["alfa-personal"])
        sso_login(client_for(tenant_a), "borta-1")
        sso_login(client_for(tenant_a), "kvar-1")
        gone = Person.objects.get(email="borta@alfa.example")
        issued = accounts_services.api_token_create(person=gone, organization=tenant_a)
        oidc_provider.revoke("borta-1")

        removed = check_members(provider_id=provider.pk)

        assert removed == 1
        assert not Membership.objects.filter(person=gone, organization=tenant_a).exists()
        assert Membership.objects.filter(person__email="kvar@alfa.example").exists()
        assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is not None
        assert ExternalIdentity.objects.get(person=gone).refresh_token_encrypted == ""
