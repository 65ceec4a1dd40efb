"""Signed values and stored secrets name their organisation and are refused by any other."""

import secrets
from datetime import timedelta

import pytest
from django.core import signing as django_signing
from django.utils import timezone

from shared.core import signing
from shared.core.models import SpentToken

pytestmark = pytest.mark.django_db

SALT = "idesluss.tests.signing"


class TestOrganizationDumpsAndLoads:
    def test_a_value_comes_back_on_its_own_organisation(self, tenant_a):
        token = signing.organization_dumps({"id": 7}, salt=SALT, organization=tenant_a)

        assert signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=60) == {
            "id": 7
        }

    def test_the_value_names_its_organisation_for_anyone_who_reads_it(self, tenant_a):
        token = signing.organization_dumps({"id": 7}, salt=SALT, organization=tenant_a)

        payload = django_signing.b64_decode(token.split(":")[0].encode())

        assert f'"org":{tenant_a.pk}'.encode() in payload

    def test_a_value_of_one_organisation_is_refused_by_another(self, tenant_a, tenant_b):
        token = signing.organization_dumps({"id": 7}, salt=SALT, organization=tenant_a)

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(token, salt=SALT, organization=tenant_b, max_age=60)

    def test_a_value_signed_the_old_way_without_an_organisation_is_refused(self, tenant_a):
        token = django_signing.dumps({"id": 7}, salt=SALT)

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=60)

    def test_a_value_for_another_purpose_is_refused(self, tenant_a):
        token = signing.organization_dumps({"id": 7}, salt="another", organization=tenant_a)

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=60)

    def test_an_old_value_is_told_apart_from_a_foreign_one(self, tenant_a):
        token = signing.organization_dumps({"id": 7}, salt=SALT, organization=tenant_a)

        with pytest.raises(django_signing.SignatureExpired):
            signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=-1)


class TestOneTimeValues:
    def test_a_one_time_value_loads_once_and_is_refused_after(self, tenant_a):
        token = signing.organization_dumps("x", salt=SALT, organization=tenant_a, once=True)

        assert (
            signing.organization_loads(
                token, salt=SALT, organization=tenant_a, max_age=60, once=True
            )
            == "x"
        )
        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(
                token, salt=SALT, organization=tenant_a, max_age=60, once=True
            )
        assert SpentToken.objects.filter(purpose=SALT).count() == 1

    def test_a_value_without_a_one_time_id_is_refused_where_one_is_required(self, tenant_a):
        token = signing.organization_dumps("x", salt=SALT, organization=tenant_a)

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(
                token, salt=SALT, organization=tenant_a, max_age=60, once=True
            )

    def test_uses_that_would_have_expired_anyway_are_cleared(self, tenant_a):
        SpentToken.objects.create(
            jti="gammal", purpose=SALT, expires_at=timezone.now() - timedelta(seconds=1)
        )
        token = signing.organization_dumps("y", salt=SALT, organization=tenant_a, once=True)

        signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=60, once=True)

        assert not SpentToken.objects.filter(jti="gammal").exists()
        assert SpentToken.objects.filter(purpose=SALT).count() == 1


class TestOrganizationSecrets:
    def test_a_new_secret_names_its_organisation(self, tenant_a):
        secret = signing.organization_secret_create(organization=tenant_a)

        assert secret.startswith(f"{tenant_a.pk}-")
        assert signing.organization_secret_owner(secret) == tenant_a.pk
        assert len(secret) <= 64

    def test_a_secret_of_another_organisation_is_refused(self, tenant_a, tenant_b):
        secret = signing.organization_secret_create(organization=tenant_a)

        assert signing.organization_secret_refused(secret, organization=tenant_b)
        assert not signing.organization_secret_refused(secret, organization=tenant_a)

    def test_secrets_made_before_organisations_were_named_are_never_taken_for_named_ones(self):
        for _ in range(200):
            older = secrets.token_urlsafe(32)
            assert signing.organization_secret_owner(older) is None
