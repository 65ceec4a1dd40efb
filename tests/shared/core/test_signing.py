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


class TestWhatTheSignatureAloneDoesNotCheck:
    """The payload is checked too, not only the salt (mutation testing found these open)."""

    @pytest.mark.parametrize(
        "payload",
        [{"org": "another", "v": "x"}, {"v": "x"}, {"org": None, "v": "x"}, ["x"], "x"],
    )
    def test_a_payload_not_naming_this_organisation_is_refused_under_its_salt(
        self, tenant_a, payload
    ):
        token = django_signing.dumps(payload, salt=signing._salt(SALT, tenant_a))

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=60)

    def test_a_payload_without_a_value_is_refused(self, tenant_a):
        token = django_signing.dumps({"org": tenant_a.pk}, salt=signing._salt(SALT, tenant_a))

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(token, salt=SALT, organization=tenant_a, max_age=60)

    @pytest.mark.parametrize("jti", ["", 123, None, ["a"]])
    def test_a_one_time_id_that_is_not_a_non_empty_text_is_refused(self, tenant_a, jti):
        payload = {"org": tenant_a.pk, "v": "x", "jti": jti}
        token = django_signing.dumps(payload, salt=signing._salt(SALT, tenant_a))

        with pytest.raises(django_signing.BadSignature):
            signing.organization_loads(
                token, salt=SALT, organization=tenant_a, max_age=60, once=True
            )
        assert not SpentToken.objects.exists()


class TestOneTimeValuesAreEachTheirOwn:
    def test_two_one_time_values_of_one_purpose_each_load_once(self, tenant_a):
        first, second = (
            signing.organization_dumps(n, salt=SALT, organization=tenant_a, once=True)
            for n in (1, 2)
        )

        loaded = [
            signing.organization_loads(t, salt=SALT, organization=tenant_a, max_age=60, once=True)
            for t in (first, second)
        ]

        assert loaded == [1, 2]
        assert SpentToken.objects.filter(purpose=SALT).count() == 2

    def test_a_long_purpose_is_kept_to_the_first_100_characters(self, tenant_a):
        salt = "p" * 150
        token = signing.organization_dumps("x", salt=salt, organization=tenant_a, once=True)

        signing.organization_loads(token, salt=salt, organization=tenant_a, max_age=60, once=True)

        assert SpentToken.objects.get().purpose == "p" * 100

    def test_the_one_time_id_and_the_secret_carry_their_documented_randomness(self, tenant_a):
        token = signing.organization_dumps("x", salt=SALT, organization=tenant_a, once=True)
        jti = django_signing.loads(token, salt=signing._salt(SALT, tenant_a))["jti"]
        secret = signing.organization_secret_create(organization=tenant_a)

        # token_urlsafe(n) gives ceil(n * 4 / 3) characters.
        assert len(jti) == 22  # 16 bytes
        assert len(secret.split("-", 1)[1]) == 43  # 32 bytes
