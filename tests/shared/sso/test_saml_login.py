"""Logging in by an organisation's SAML 2.0 provider: a pysaml2 provider with its own key pair."""

from __future__ import annotations

import pytest

from shared.accounts.models import Membership, Person
from shared.core.models import AuditEntry
from shared.sso import saml, services
from tests.shared.sso.saml_idp import IDP_ENTITY_ID, SamlIdp, post_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def idp(tmp_path_factory) -> SamlIdp:  # type: ignore[no-untyped-def]
    return SamlIdp(tmp_path_factory.mktemp("saml-idp"))


@pytest.fixture
def configure_saml(idp):  # type: ignore[no-untyped-def]
    def configure(organization, *, mappings=(), metadata=None):  # type: ignore[no-untyped-def]
        return services.identity_provider_save(
            organization=organization,
            settings=services.ProviderSettings(
                protocol="saml",
                enabled=True,
                metadata_xml=metadata or idp.metadata(),
                idp_entity_id=IDP_ENTITY_ID,
                email_attribute="mail",
                groups_attribute="memberOf",
                mappings=list(mappings),
            ),
            by=None,
        )

    return configure


def start(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/accounts/sso/login/")
    assert response.status_code == 302, response.content[:300]
    return str(response["Location"])


def refusals(organization) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        e.after["reason"]
        for e in AuditEntry.objects.filter(organization=organization, action="sso.login_refused")
    ]


class TestSamlLogin:
    def test_a_first_timer_in_a_mapped_group_logs_in_with_the_mapped_role(
        self, tenant_a, client_for, configure_saml, idp
    ):
        configure_saml(tenant_a, mappings=[("cn=idesluss-rad", "council_member")])
        client = client_for(tenant_a)
        login_url = start(client)
        assert login_url.startswith("https://idp.kommun.test/saml/sso?SAMLRequest=")

        response = post_back(
            client,
            idp.answer(
                login_url,
                sp_metadata=saml.sp_metadata(tenant_a),
                subject="s-1001",
                attributes={
                    "mail": ["Sara@Alfa.example"],
                    "displayName": ["Sara Saml"],
                    "memberOf": ["cn=idesluss-rad", "cn=annat"],
                },
            ),
        )

        assert response.status_code == 302, response.content[:500]
        person = Person.objects.get(email="sara@alfa.example")
        assert person.full_name == "Sara Saml"
        assert Membership.objects.get(person=person, organization=tenant_a).role == "council_member"
        assert client.get("/").status_code == 200

    def test_an_assertion_whose_signed_content_was_changed_is_refused(
        self, tenant_a, member_of, client_for, configure_saml, idp
    ):
        member_of(tenant_a, "admin", person__email="chef@alfa.example")
        configure_saml(tenant_a)
        client = client_for(tenant_a)
        form = idp.answer(
            start(client),
            sp_metadata=saml.sp_metadata(tenant_a),
            subject="s-1002",
            attributes={"mail": ["lura@alfa.example"]},
            tamper=True,
        )

        response = post_back(client, form)

        assert response.status_code == 403
        assert client.get("/").status_code == 302
        assert refusals(tenant_a) == ["invalid_response"]

    def test_an_unsigned_assertion_is_refused(
        self, tenant_a, member_of, client_for, configure_saml, idp
    ):
        member_of(tenant_a, person__email="osignerad@alfa.example")
        configure_saml(tenant_a)
        client = client_for(tenant_a)
        form = idp.answer(
            start(client),
            sp_metadata=saml.sp_metadata(tenant_a),
            subject="s-1003",
            attributes={"mail": ["osignerad@alfa.example"]},
            sign=False,
        )

        response = post_back(client, form)

        assert response.status_code == 403
        assert refusals(tenant_a) == ["invalid_response"]

    def test_an_assertion_signed_by_another_key_is_refused(
        self, tenant_a, member_of, client_for, configure_saml, idp, tmp_path
    ):
        member_of(tenant_a, person__email="falsk@alfa.example")
        configure_saml(tenant_a)  # trusts ``idp``'s key only
        impostor = SamlIdp(tmp_path, name="impostor")
        client = client_for(tenant_a)
        form = impostor.answer(
            start(client),
            sp_metadata=saml.sp_metadata(tenant_a),
            subject="s-1004",
            attributes={"mail": ["falsk@alfa.example"]},
        )

        response = post_back(client, form)

        assert response.status_code == 403
        assert refusals(tenant_a) == ["invalid_response"]

    def test_an_answer_meant_for_one_organisation_is_refused_on_another(
        self, tenant_a, tenant_b, member_of, client_for, configure_saml, idp
    ):
        person = member_of(tenant_a, person__email="resa@example.org")
        Membership.objects.create(person=person, organization=tenant_b, role="staff")
        configure_saml(tenant_a)
        configure_saml(tenant_b)
        form = idp.answer(
            start(client_for(tenant_a)),
            sp_metadata=saml.sp_metadata(tenant_a),
            subject="s-1005",
            attributes={"mail": ["resa@example.org"]},
        )
        beta = client_for(tenant_b)

        response = beta.post(
            "/accounts/sso/saml/acs/",
            {"SAMLResponse": form["SAMLResponse"], "RelayState": form["RelayState"]},
        )

        assert response.status_code == 400
        assert beta.get("/").status_code == 302
        assert refusals(tenant_b) == ["other_organization"]

    def test_a_member_no_longer_in_a_mapped_group_loses_the_membership(
        self, tenant_a, member_of, client_for, configure_saml, idp
    ):
        member_of(tenant_a, "admin")
        configure_saml(tenant_a, mappings=[("cn=idesluss", "staff")])
        answer = {"mail": ["gar@alfa.example"], "memberOf": ["cn=idesluss"]}
        client = client_for(tenant_a)
        sp = saml.sp_metadata(tenant_a)
        post_back(
            client, idp.answer(start(client), sp_metadata=sp, subject="s-1006", attributes=answer)
        )
        assert Membership.objects.filter(person__email="gar@alfa.example").exists()
        again = client_for(tenant_a)

        response = post_back(
            again,
            idp.answer(
                start(again),
                sp_metadata=sp,
                subject="s-1006",
                attributes={"mail": ["gar@alfa.example"], "memberOf": []},
            ),
        )

        assert response.status_code == 403
        assert not Membership.objects.filter(person__email="gar@alfa.example").exists()


class TestServiceProviderMetadata:
    def test_names_the_organisations_own_host_as_entity_id_and_acs(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/accounts/sso/saml/metadata/")

        assert response.status_code == 200
        body = response.content.decode()
        assert 'entityID="http://alfa.localhost/accounts/sso/saml/metadata/"' in body
        assert 'Location="http://alfa.localhost/accounts/sso/saml/acs/"' in body
