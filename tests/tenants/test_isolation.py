"""One organisation never sees another's rows: same ids, different canaries."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tenants.needs.models import Need
from tests.factories import api_token_for, make_idea

pytestmark = pytest.mark.django_db

CANARY_A = "KANARIE-ALFA-7f3c"
CANARY_B = "KANARIE-BETA-91d2"


# Ids both organisations hold, and one only B holds.
SHARED_IDS = (1, 2)
ONLY_B_ID = 3


@pytest.fixture
def canaries(tenant_a, tenant_b):
    """The same primary keys in both schemas, each row with its own canary text; B has one more."""
    for organization, canary, ids in [
        (tenant_a, CANARY_A, SHARED_IDS),
        (tenant_b, CANARY_B, (*SHARED_IDS, ONLY_B_ID)),
    ]:
        with schema_context(organization.schema_name):
            for pk in ids:
                Need.objects.create(pk=pk, title=f"{canary} {pk}", description=canary, unit=canary)
            with connection.cursor() as cursor:  # explicit ids leave the sequence behind
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('needs_need', 'id'), %s)", [max(ids)]
                )
    return tenant_a, tenant_b


class TestTenantIsolation:
    def test_both_schemas_hold_rows_with_the_same_ids(self, canaries):
        tenant_a, tenant_b = canaries
        for organization, ids in [(tenant_a, [1, 2]), (tenant_b, [1, 2, ONLY_B_ID])]:
            with schema_context(organization.schema_name):
                assert sorted(Need.objects.values_list("pk", flat=True)) == ids

    # Lists, and single rows asked for by the id both organisations use.
    @pytest.mark.parametrize("path", ["/behov/", "/api/v1/needs/", "/behov/1/", "/api/v1/needs/2/"])
    def test_a_member_of_a_sees_only_as_canaries_with_a_session(
        self, canaries, member_of, client_for, path
    ):
        tenant_a, _tenant_b = canaries
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.get(path)
        other_host = client.get(path, HTTP_HOST="beta.localhost")

        assert response.status_code == 200
        body = response.content.decode()
        assert CANARY_A in body
        assert CANARY_B not in body
        assert other_host.status_code == 403
        assert CANARY_B not in other_host.content.decode()

    @pytest.mark.parametrize("path", [f"/behov/{ONLY_B_ID}/", f"/api/v1/needs/{ONLY_B_ID}/"])
    def test_an_id_only_b_holds_is_not_found_on_as_host(
        self, canaries, member_of, client_for, path
    ):
        tenant_a, _tenant_b = canaries
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.get(path)

        assert response.status_code == 404
        assert CANARY_B not in response.content.decode()

    def test_the_home_page_shows_as_work_and_never_bs(self, canaries, member_of, client_for):
        tenant_a, tenant_b = canaries
        for organization, canary in [(tenant_a, CANARY_A), (tenant_b, CANARY_B)]:
            with schema_context(organization.schema_name):
                make_idea(title=f"{canary} idé")
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        body = client.get("/").content.decode()

        assert CANARY_A in body
        assert CANARY_B not in body

    def test_a_member_of_a_sees_only_as_canaries_with_a_token(
        self, canaries, member_of, client_for
    ):
        tenant_a, tenant_b = canaries
        token = api_token_for(member_of(tenant_a, "viewer"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}

        mine = client_for(tenant_a).get("/api/v1/needs/", **auth)
        theirs = client_for(tenant_b).get("/api/v1/needs/", **auth)

        assert {n["description"] for n in mine.json()["results"]} == {CANARY_A}
        assert theirs.status_code == 403
        assert CANARY_B not in theirs.content.decode()

    def test_a_need_registered_on_a_lands_in_as_schema_only(self, canaries, member_of, client_for):
        tenant_a, tenant_b = canaries
        client = client_for(tenant_a, person=member_of(tenant_a, "staff"))

        response = client.post("/api/v1/needs/", {"title": "Nytt behov", "description": "Bara i A"})

        assert response.status_code == 201
        with schema_context(tenant_a.schema_name):
            assert Need.objects.filter(title="Nytt behov").exists()
        with schema_context(tenant_b.schema_name):
            assert not Need.objects.filter(title="Nytt behov").exists()
