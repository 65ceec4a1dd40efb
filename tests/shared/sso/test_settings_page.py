"""The admin's page for the organisation's provider, and its test button."""

from __future__ import annotations

import pytest

from shared.core.models import AuditEntry
from shared.sso import crypto, oidc
from shared.sso.models import IdentityProvider
from tests.shared.sso.conftest import back_from_provider

pytestmark = pytest.mark.django_db


def form_data(issuer: str, **fields: str) -> dict[str, str]:
    return {
        "protocol": "oidc",
        "enabled": "on",
        "issuer": issuer,
        "client_id": "idesluss",
        "client_secret": "hemlig-klienthemlighet",
        "scopes": "openid email profile",
        "email_claim": "email",
        "groups_claim": "groups",
        "mappings": "alfa-coacher = Idécoach\nalfa-admin = admin",
        **fields,
    }


class TestSettingsPage:
    def test_an_admin_saves_the_provider_with_the_secret_encrypted_and_never_logged(
        self, tenant_a, member_of, client_for, oidc_provider
    ):
        admin = member_of(tenant_a, "admin")
        client = client_for(tenant_a, person=admin)

        response = client.post("/installningar/inloggning/", form_data(oidc_provider.issuer))

        assert response.status_code == 302
        provider = IdentityProvider.objects.get(organization=tenant_a)
        assert "hemlig" not in provider.client_secret_encrypted
        assert crypto.decrypt(provider.client_secret_encrypted) == "hemlig-klienthemlighet"
        assert sorted(provider.group_mappings.values_list("group", "role")) == [
            ("alfa-admin", "admin"),
            ("alfa-coacher", "coach"),
        ]
        entry = AuditEntry.objects.get(organization=tenant_a, action="sso.configured")
        assert entry.actor == admin
        assert entry.after["secret_changed"] is True
        assert "hemlig-klienthemlighet" not in str(entry.after)
        page = client.get("/installningar/inloggning/").content.decode()
        assert "hemlig-klienthemlighet" not in page
        assert "http://alfa.localhost/accounts/sso/oidc/callback/" in page

    def test_saving_again_without_a_secret_keeps_the_stored_one(
        self, tenant_a, member_of, client_for, oidc_provider
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))
        client.post("/installningar/inloggning/", form_data(oidc_provider.issuer))

        client.post("/installningar/inloggning/", form_data(oidc_provider.issuer, client_secret=""))

        provider = IdentityProvider.objects.get(organization=tenant_a)
        assert crypto.decrypt(provider.client_secret_encrypted) == "hemlig-klienthemlighet"

    def test_every_mistake_is_reported_at_once(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.post(
            "/installningar/inloggning/",
            {
                "protocol": "oidc",
                "require_sso": "on",
                "issuer": "inte en adress",
                "scopes": "email",
            },
        )

        assert response.status_code == 200
        errors = response.context["form"].errors
        assert {"require_sso", "issuer", "client_id", "scopes"} <= set(errors)
        assert not IdentityProvider.objects.filter(organization=tenant_a).exists()

    def test_the_secret_may_come_from_the_organisations_own_environment_variable(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider, sso_login, monkeypatch
    ):
        provider = configure_oidc(tenant_a)
        member_of(tenant_a, person__email="miljo@alfa.example")
        secret = oidc.client_secret(provider)
        provider.client_secret_encrypted = ""
        provider.secret_from_environment = True
        provider.save()
        assert provider.secret_environment_name() == "IDESLUSS_OIDC_SECRET_ALFA"
        monkeypatch.setenv("IDESLUSS_OIDC_SECRET_ALFA", secret)
        oidc_provider.set_user("miljo-1", email="miljo@alfa.example")

        response = sso_login(client_for(tenant_a), "miljo-1")

        assert response.status_code == 302


class TestTestButton:
    def test_shows_what_the_provider_sent_and_the_role_it_would_give_changing_nothing(
        self, tenant_a, member_of, client_for, configure_oidc, oidc_provider
    ):
        admin = member_of(tenant_a, "admin")
        configure_oidc(tenant_a, mappings=[("alfa-coacher", "coach")])
        oidc_provider.set_user(
            "prov-1", email="prov@alfa.example", name="Pia Prov", groups=["alfa-coacher", "x"]
        )
        client = client_for(tenant_a, person=admin)
        start = client.post("/installningar/inloggning/test/")
        assert start.status_code == 302
        assert start["Location"].startswith(oidc_provider.issuer)

        response = back_from_provider(
            client, oidc_provider.authorize(start["Location"], sub="prov-1")
        )

        assert response.status_code == 200
        page = response.content.decode()
        assert "prov@alfa.example" in page
        assert "alfa-coacher" in page
        assert "Idécoach" in page
        assert "Pia Prov" in page
        from shared.accounts.models import Person

        assert not Person.objects.filter(email="prov@alfa.example").exists()
        assert not AuditEntry.objects.filter(action="sso.login").exists()


class TestWhereItIsFound:
    def test_an_admins_home_links_to_the_page_and_a_coachs_does_not(
        self, tenant_a, member_of, client_for
    ):
        admin_home = client_for(tenant_a, person=member_of(tenant_a, "admin")).get("/")
        coach_home = client_for(tenant_a, person=member_of(tenant_a, "coach")).get("/")

        assert 'href="/installningar/inloggning/"' in admin_home.content.decode()
        assert 'href="/installningar/inloggning/"' not in coach_home.content.decode()
