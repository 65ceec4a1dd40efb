"""Who sees the national figures: the coordinator and platform staff; and nothing else for them.

The coordinator has no membership of any organisation: every API of an
organisation's host refuses them (403 with their session; their figures key is
not one of the organisation's keys, so it is refused there too).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from network.figures import services
from shared.accounts.permissions import access_declaration
from tests import factories
from tests.platform.test_routes import routes_of

PAGES = [
    "/statistik/",
    "/statistik/lan/01/",
    "/statistik/karta/",
    "/statistik/rapport/",
    "/statistik/api-nycklar/",
    "/statistik/export/funnel.csv",
    "/statistik/export/equality.xlsx",
]
APIS = [
    "/api/v1/figures/national/",
    "/api/v1/figures/counties/",
    "/api/v1/figures/tables/funnel/",
    "/api/v1/figures/schema/",
]


@pytest.fixture
def coordinator(db):  # type: ignore[no-untyped-def]
    return factories.PersonFactory(platform_role="national_coordinator")


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return factories.PersonFactory(platform_role="platform_staff", is_staff=True)


def public_client(person=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="localhost")
    if person is not None:
        client.force_login(person)
    return client


class TestTheNationalPages:
    @pytest.mark.parametrize("url", PAGES + APIS)
    def test_open_to_the_coordinator_and_platform_staff(self, coordinator, staff, url):  # type: ignore[no-untyped-def]
        for person in (coordinator, staff):
            assert public_client(person).get(url).status_code == 200, (url, person.platform_role)

    @pytest.mark.parametrize("url", PAGES + APIS)
    def test_refused_to_members_and_anonymous_visitors(self, tenant_a, member_of, url):  # type: ignore[no-untyped-def]
        admin = member_of(tenant_a, "admin")
        assert public_client(admin).get(url).status_code == 403
        anonymous = public_client().get(url)
        assert anonymous.status_code in (302, 401, 403)
        if anonymous.status_code == 302:
            assert "/accounts/login/" in anonymous["Location"]

    def test_the_coordinator_lands_on_the_national_page_after_login(self, coordinator):  # type: ignore[no-untyped-def]
        response = public_client(coordinator).get("/")
        assert response.status_code == 302
        assert response["Location"] == "/statistik/"


class TestTheCoordinatorsKey:
    def test_opens_the_figures_api(self, coordinator):  # type: ignore[no-untyped-def]
        _token, key = services.coordinator_token_create(person=coordinator, name="Analys")
        response = public_client().get(
            "/api/v1/figures/national/", HTTP_AUTHORIZATION=f"Token {key}"
        )
        assert response.status_code == 200
        assert set(response.json()) == {"area", "headline", "freshness"}

    def test_is_refused_once_revoked(self, coordinator):  # type: ignore[no-untyped-def]
        token, key = services.coordinator_token_create(person=coordinator, name="Analys")
        services.coordinator_token_revoke(token=token, by=coordinator)
        response = public_client().get(
            "/api/v1/figures/national/", HTTP_AUTHORIZATION=f"Token {key}"
        )
        assert response.status_code == 401

    def test_is_made_only_for_coordinators_and_staff(self, tenant_a, member_of):  # type: ignore[no-untyped-def]
        with pytest.raises(PermissionError):
            services.coordinator_token_create(person=member_of(tenant_a, "admin"), name="x")


def tenant_api_routes() -> list[tuple[str, list[str]]]:
    found = []
    for route, view, namespace in routes_of("config.urls_tenant"):
        if not route.startswith("api/v1/"):
            continue
        if access_declaration(view, namespace=namespace) == "public":
            continue
        view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
        methods = [
            m.upper()
            for m in ("get", "post", "put", "patch", "delete")
            if view_class is None or hasattr(view_class, m)
        ]
        url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", "1", route)
        found.append((url, methods))
    return found


class TestTheCoordinatorOnAnOrganisationsHost:
    def test_every_api_refuses_their_session_with_403(self, tenant_a, coordinator):  # type: ignore[no-untyped-def]
        client = Client(HTTP_HOST="alfa.localhost")
        client.force_login(coordinator)
        routes = tenant_api_routes()
        assert len(routes) > 30
        for url, methods in routes:
            for method in methods:
                response = getattr(client, method.lower())(url, content_type="application/json")
                assert response.status_code == 403, (method, url, response.status_code)

    def test_every_api_refuses_their_key(self, tenant_a, coordinator):  # type: ignore[no-untyped-def]
        _token, key = services.coordinator_token_create(person=coordinator, name="Analys")
        client = Client(HTTP_HOST="alfa.localhost", HTTP_AUTHORIZATION=f"Token {key}")
        for url, methods in tenant_api_routes():
            for method in methods:
                response = getattr(client, method.lower())(url, content_type="application/json")
                assert response.status_code in (401, 403), (method, url, response.status_code)
