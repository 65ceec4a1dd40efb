"""Isolation canaries: no network page or API operation shows what an organisation did not publish.

Three organisations hold rows with the same ids and canary text in unpublished
needs and ideas, internal notes, portal contacts and submitters' names and
e-mails. Each has published one need (id 1 in every schema) and alfa a proven
idea. Every network page and API operation, for every role in alfa, and for a
member of beta with a session or a token on alfa's host, is walked; no answer
may hold a canary, and no public network table may hold a name or an e-mail.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from network.exchange import services as exchange_services
from network.exchange.models import Publication
from shared.accounts.models import Role
from tenants.needs.models import Need
from tenants.sharing import services
from tests import factories
from tests.network.exchange import make

pytestmark = pytest.mark.django_db

SLUGS = ("alfa", "beta", "gamma")


def canaries_of(slug: str) -> list[str]:
    tag = slug.upper()
    return [
        f"KANARIE-{tag}-BEHOV",
        f"KANARIE-{tag}-IDE",
        f"KANARIE-{tag}-ANTECKNING",
        f"Kanarie {tag} Kontakt",
        f"kanarie.{slug}.kontakt@example.org",
        f"Kanarie {tag} Idégivare",
        f"kanarie.{slug}.idegivare@example.org",
    ]


@pytest.fixture
def network(tenant_a, tenant_b, tenant_c, member_of) -> dict[str, Any]:
    """Same ids in three schemas, canaries everywhere unpublished, one published need each."""
    publications: list[Publication] = []
    for organization in (tenant_a, tenant_b, tenant_c):
        slug = organization.slug
        coach = member_of(organization, "coach")
        tag = slug.upper()
        submitter = factories.PersonFactory(
            full_name=f"Kanarie {tag} Idégivare", email=f"kanarie.{slug}.idegivare@example.org"
        )
        with schema_context(organization.schema_name):
            contact = factories.make_contact(
                name=f"Kanarie {tag} Kontakt", email=f"kanarie.{slug}.kontakt@example.org"
            )
            Need.objects.create(
                pk=1,
                title=f"Delat behov hos {organization.name}",
                description="Ett behov som flera har.",
                unit="Äldreomsorg",
            )
            Need.objects.create(
                pk=2,
                title=f"KANARIE-{tag}-BEHOV",
                description=f"KANARIE-{tag}-BEHOV",
                contact=contact,
                source="citizen",
            )
            Need.objects.create(pk=3, title="Tredje behovet", description="Opublicerat.")
            with connection.cursor() as cursor:  # explicit ids leave the sequence behind
                cursor.execute("SELECT setval(pg_get_serial_sequence('needs_need', 'id'), 3)")
            hidden = factories.make_idea(
                title=f"KANARIE-{tag}-IDE",
                description=f"KANARIE-{tag}-IDE äldre ensamhet",
                submitted_by=submitter,
            )
            make.internal_note(hidden, coach, f"KANARIE-{tag}-ANTECKNING")
            publications.append(services.publication_publish(kind="need", source_id=1, by=coach))
            if slug == "alfa":
                proven = make.idea_at_test(coach, submitted_by=submitter, contact=None)
                make.internal_note(proven, coach, f"KANARIE-{tag}-ANTECKNING")
                make.evaluate(proven.trials.get(), coach)
                publications.append(
                    services.publication_publish(kind="idea", source_id=proven.pk, by=coach)
                )
    exchange_services.cosignature_create(
        publication_id=publications[0].pk,
        organization=tenant_c,
        by=member_of(tenant_c, "admin"),
        local_context="Samma behov hos oss.",
        problem_size="medium",
    )
    connection.set_schema_to_public()
    return {"publications": publications, "alfa": tenant_a, "beta": tenant_b, "gamma": tenant_c}


def text_of(response: Any) -> str:
    """What a response shows, spreadsheets included."""
    content = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content))
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode(errors="replace")


def page_requests(ids: list[int]) -> list[tuple[str, str, dict[str, Any]]]:
    items = [*ids, 1, 2, 3, 999_999]
    return [
        ("GET", "/natverk/", {}),
        ("GET", "/natverk/", {"q": "KANARIE"}),
        ("GET", "/natverk/", {"q": "ensamhet äldre"}),
        ("GET", "/natverk/", {"kind": "idea", "min_cosigns": "1"}),
        ("GET", "/natverk/gemensamma-behov/", {"n": "1"}),
        ("GET", "/natverk/gemensamma-behov/export.csv", {"n": "1"}),
        ("GET", "/natverk/gemensamma-behov/export.xlsx", {"n": "1"}),
        *(("GET", f"/natverk/{pk}/", {}) for pk in items),
        *(("POST", f"/natverk/{pk}/bevaka/", {"following": "1"}) for pk in items),
        *(
            (
                "POST",
                f"/natverk/{pk}/medunderteckna/",
                {"local_context": "x", "problem_size": "small"},
            )
            for pk in items
        ),
    ]


def api_requests(ids: list[int]) -> list[tuple[str, str, dict[str, Any]]]:
    items = [*ids, 1, 2, 3, 999_999]
    cosign = {"local_context": "Hos oss.", "problem_size": "small"}
    return [
        ("GET", "/api/v1/network/publications/", {}),
        ("GET", "/api/v1/network/publications/", {"q": "KANARIE"}),
        ("GET", "/api/v1/network/publications/", {"q": "äldre ensamhet"}),
        ("GET", "/api/v1/network/shared-needs/", {"n": "1"}),
        ("GET", "/api/v1/network/similar/", {"text": "KANARIE äldre ensamhet", "title": "KANARIE"}),
        *(("GET", f"/api/v1/network/publications/{pk}/", {}) for pk in items),
        *(("POST", f"/api/v1/network/publications/{pk}/follow/", {}) for pk in items),
        *(("DELETE", f"/api/v1/network/publications/{pk}/follow/", {}) for pk in items),
        *(("POST", f"/api/v1/network/publications/{pk}/cosignatures/", cosign) for pk in items),
        *(("DELETE", f"/api/v1/network/publications/{pk}/cosignatures/", {}) for pk in items),
        ("POST", "/api/v1/network/publish/", {"kind": "need", "source_id": 999_999}),
        ("POST", "/api/v1/network/withdraw/", {"kind": "need", "source_id": 2}),
    ]


def send(client: Any, method: str, url: str, data: dict[str, Any], **headers: Any) -> Any:
    if method == "GET":
        return client.get(url, data, **headers)
    if url.startswith("/api/"):
        return client.generic(method, url, _json(data), content_type="application/json", **headers)
    return client.generic(
        method, url, _form(data), content_type="application/x-www-form-urlencoded", **headers
    )


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)


def _form(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data)


def walk(
    client: Any,
    requests: list[tuple[str, str, dict[str, Any]]],
    forbidden: list[str],
    **headers: Any,
) -> list[str]:
    leaks = []
    for method, url, data in requests:
        response = send(client, method, url, data, **headers)
        connection.set_schema_to_public()
        body = text_of(response)
        leaks += [f"{method} {url} {data}: {canary}" for canary in forbidden if canary in body]
    return leaks


class TestNetworkIsolation:
    def test_no_public_network_table_holds_a_canary(self, network):
        text = make.public_network_text()

        assert "Delat behov hos Alfa kommun" in text
        assert [c for slug in SLUGS for c in canaries_of(slug) if c in text] == []

    @pytest.mark.parametrize("role", Role.values)
    def test_no_network_page_or_api_operation_shows_a_canary_to_any_role(
        self, network, member_of, client_for, role
    ):
        alfa = network["alfa"]
        ids = [p.pk for p in network["publications"]]
        person = member_of(alfa, role)
        forbidden = [c for slug in SLUGS for c in canaries_of(slug)]
        session = client_for(alfa, person=person)
        token = factories.api_token_for(person)
        api = client_for(alfa)

        feed = session.get("/natverk/").content.decode()
        connection.set_schema_to_public()
        leaks = walk(session, page_requests(ids), forbidden)
        leaks += walk(api, api_requests(ids), forbidden, HTTP_AUTHORIZATION=f"Token {token.key}")

        assert leaks == []
        # What was published is there for every role: the walk reads real pages.
        assert "Delat behov hos Beta kommungrupp" in feed
        assert "Digitala fikaträffar" in feed

    def test_another_organisations_session_and_token_get_nothing_on_alfas_host(
        self, network, member_of, client_for
    ):
        alfa, beta = network["alfa"], network["beta"]
        ids = [p.pk for p in network["publications"]]
        outsider = member_of(beta, "admin")
        token = factories.api_token_for(outsider)
        forbidden = [c for slug in SLUGS for c in canaries_of(slug)]
        forbidden.append("Delat behov")  # not even the published items: not a member here

        leaks = walk(client_for(alfa, person=outsider), page_requests(ids), forbidden)
        leaks += walk(
            client_for(alfa), api_requests(ids), forbidden, HTTP_AUTHORIZATION=f"Token {token.key}"
        )
        statuses = {
            client_for(alfa)
            .get("/api/v1/network/publications/", HTTP_AUTHORIZATION=f"Token {token.key}")
            .status_code,
            client_for(alfa, person=outsider).get("/natverk/").status_code,
        }

        assert leaks == []
        assert statuses == {403}

    def test_the_publish_page_of_an_id_shows_only_this_organisations_own_row(
        self, network, member_of, client_for
    ):
        alfa = network["alfa"]
        client = client_for(alfa, person=member_of(alfa, "admin"))

        own = client.get("/natverk/publicera/need/2/").content.decode()

        assert "KANARIE-ALFA-BEHOV" in own  # alfa's own need 2, shown only to alfa
        assert "KANARIE-BETA-BEHOV" not in own
        assert "KANARIE-GAMMA-BEHOV" not in own
        assert "Kanarie ALFA Kontakt" not in own  # the preview holds no contact
