"""An organisation that requires its own provider refuses passwords to its members, on its host."""

from __future__ import annotations

import pytest

from shared.accounts import services as accounts_services
from shared.accounts.models import Membership
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


class TestRequireSso:
    def test_a_members_password_is_refused_with_a_clear_message(
        self, tenant_a, member_of, client_for, configure_oidc
    ):
        member_of(tenant_a, person__email="losen@alfa.example")
        configure_oidc(tenant_a, require_sso=True)
        client = client_for(tenant_a)

        response = client.post(
            "/accounts/login/", {"username": "losen@alfa.example", "password": TEST_PASSWORD}
        )

        assert response.status_code == 200
        assert "kräver inloggning med organisationens eget konto" in response.content.decode()
        assert client.get("/").status_code == 302

    def test_the_same_password_still_works_where_sso_is_not_required(
        self, tenant_a, tenant_b, member_of, client_for, configure_oidc
    ):
        person = member_of(tenant_a, person__email="bada@example.org")
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        configure_oidc(tenant_a, require_sso=True)

        response = client_for(tenant_b).post(
            "/accounts/login/", {"username": "bada@example.org", "password": TEST_PASSWORD}
        )

        assert response.status_code == 302

    def test_platform_staff_keep_their_own_password_login(
        self, tenant_a, client_for, configure_oidc
    ):
        accounts_services.person_create(
            email="support@idesluss.example",
            full_name="Support",
            password=TEST_PASSWORD,
            platform_role="platform_staff",
        )
        configure_oidc(tenant_a, require_sso=True)

        response = client_for(tenant_a).post(
            "/accounts/login/", {"username": "support@idesluss.example", "password": TEST_PASSWORD}
        )

        assert response.status_code == 302

    def test_the_token_endpoint_gives_no_key_for_a_password(
        self, tenant_a, member_of, client_for, configure_oidc
    ):
        member_of(tenant_a, person__email="api@alfa.example")
        configure_oidc(tenant_a, require_sso=True)

        response = client_for(tenant_a).post(
            "/api/v1/auth/token/",
            {"email": "api@alfa.example", "password": TEST_PASSWORD},
            content_type="application/json",
        )

        assert response.status_code == 403

    def test_a_switch_from_another_organisation_is_no_way_in(
        self, tenant_a, tenant_b, member_of, client_for, configure_oidc
    ):
        person = member_of(tenant_b, person__email="byte@example.org")
        Membership.objects.create(person=person, organization=tenant_a, role="staff")
        configure_oidc(tenant_a, require_sso=True)
        token = accounts_services.handoff_token_create(person=person, organization=tenant_a)
        client = client_for(tenant_a)

        response = client.get(f"/accounts/handoff/?t={token}")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/sso/login/"
        assert client.get("/").status_code == 302

    def test_a_session_the_provider_vouched_for_hands_over_to_no_other_organisation(
        self, tenant_a, tenant_b, member_of, client_for, configure_oidc, oidc_provider, sso_login
    ):
        person = member_of(tenant_a, person__email="stanna@example.org")
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        configure_oidc(tenant_a)
        oidc_provider.set_user("stanna-1", email="stanna@example.org")
        client = client_for(tenant_a)
        sso_login(client, "stanna-1")

        response = client.get(f"/accounts/switch/{tenant_b.slug}/")

        assert response.status_code == 302
        assert "/accounts/handoff/" not in response["Location"]
        assert response["Location"].endswith("/accounts/login/")
