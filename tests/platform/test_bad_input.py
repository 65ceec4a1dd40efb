"""Bad input gets a clear 400 (or the page's form error), never a server error.

Each class reproduces one of the seven causes of server errors found by fuzzing
from outside (issue 12): a NUL byte, a year out of range, an end date at the
end of time, an amount like 1E+30, JSON nested thousands of levels deep and a
description too long for PostgreSQL's full-text vector.
"""

from __future__ import annotations

import itertools
import json
import string

import pytest
from django.contrib.postgres.search import SearchQuery
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants.ideas.models import Idea
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def anonymous(tenant_a):
    """A client on Alfa's host that never raises the view's exception: it shows the 500."""
    return Client(HTTP_HOST=host_of(tenant_a), raise_request_exception=False)


@pytest.fixture
def admin(tenant_a, member_of):
    client = Client(HTTP_HOST=host_of(tenant_a), raise_request_exception=False)
    client.force_login(member_of(tenant_a, "admin"))
    return client


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == JSON, response.content[:300]
    return response.json()["error"]


class TestNulBytes:
    @pytest.mark.parametrize(
        "path",
        [
            "/portal/ideer/?q=sn%00%C3%B6",
            "/portal/beslut/2026%00-1/",
            "/portal/folj/abc%00def/",
        ],
        ids=["portal search", "decision number", "follow token"],
    )
    def test_in_a_portal_address_is_refused_with_a_page_of_its_own(self, anonymous, path):
        response = anonymous.get(path)

        assert response.status_code == 400
        assert "text/html" in response["Content-Type"]

    def test_in_a_portal_form_is_refused_and_nothing_is_stored(self, anonymous, tenant_a):
        response = anonymous.post(
            "/portal/ny-ide/",
            {"title": "Snö\x00", "description": "Plog", "name": "A", "email": "a@example.se"},
        )

        assert response.status_code == 400
        with tenant_context(tenant_a):
            assert not Idea.objects.filter(title__startswith="Snö").exists()

    def test_in_an_api_query_is_refused_in_the_error_shape(self, admin):
        response = admin.get("/api/v1/ideas/?q=sn%00")

        assert response.status_code == 400
        assert error_of(response)["code"] == "bad_request"

    @pytest.mark.parametrize("text", ["Snö\x00", "Snö\ud800"], ids=["NUL", "lone surrogate"])
    def test_in_a_json_body_is_refused_in_the_error_shape(self, admin, tenant_a, text):
        body = json.dumps({"title": text, "description": "Plog"})

        response = admin.post("/api/v1/ideas/", body, content_type=JSON)

        assert response.status_code == 400
        assert error_of(response)["code"] == "parse_error"
        with tenant_context(tenant_a):
            assert not Idea.objects.filter(title__startswith="Snö").exists()


class TestYearsOutOfRange:
    @pytest.mark.parametrize("year", ["99999", "0", "-5", "1" * 30])
    def test_on_the_public_decisions_page_show_every_year(self, anonymous, year):
        response = anonymous.get(f"/portal/beslut/?ar={year}")

        assert response.status_code == 200

    @pytest.mark.parametrize("year", [99999, 10000, 1])
    def test_on_the_budget_api_are_a_field_error(self, admin, year):
        response = admin.get(f"/api/v1/budget/{year}/")

        assert response.status_code == 400
        assert "year" in error_of(response)["fields"]

    def test_on_the_budget_api_are_refused_before_a_budget_is_set(self, admin):
        response = admin.put(
            "/api/v1/budget/99999/", json.dumps({"amount_sek": "100.00"}), content_type=JSON
        )

        assert response.status_code == 400
        assert "year" in error_of(response)["fields"]


class TestEndDateAtTheEndOfTime:
    @pytest.mark.parametrize(
        ("path", "field"),
        [
            ("/api/v1/ideas/?submitted_to=9999-12-31", "submitted_to"),
            ("/api/v1/reports/dashboard/?to=9999-12-31", "to"),
            ("/api/v1/audit/?until=9999-12-31", "until"),
            ("/api/v1/audit/?since=0001-01-01", "since"),
        ],
    )
    def test_is_a_field_error_on_the_api(self, admin, path, field):
        response = admin.get(path)

        assert response.status_code == 400
        messages = error_of(response)["fields"][field]
        assert messages == ["Ange ett datum mellan 1900-01-01 och 2199-12-31."]

    @pytest.mark.parametrize(
        ("path", "status"),
        [
            ("/idéer/?submitted_to=9999-12-31", 200),
            ("/rapporter/?to=9999-12-31", 400),
            ("/granskningslogg/?until=9999-12-31", 200),
        ],
    )
    def test_is_a_form_error_on_the_pages(self, admin, path, status):
        response = admin.get(path)

        assert response.status_code == status
        assert "Ange ett datum mellan 1900-01-01 och 2199-12-31." in response.content.decode()


class TestHugeAmounts:
    @pytest.mark.parametrize("amount", ["1E+30", "1e400", "99999999999"])
    def test_are_a_field_error_on_the_budget_api(self, admin, amount):
        response = admin.put(
            "/api/v1/budget/2026/", json.dumps({"amount_sek": amount}), content_type=JSON
        )

        assert response.status_code == 400
        assert error_of(response)["fields"] == {"amount_sek": ["Beloppet är för stort."]}

    def test_are_a_form_error_on_the_budget_page(self, admin):
        response = admin.post(reverse("council-budget"), {"year": "2026", "amount_sek": "1E+30"})

        assert response.status_code == 400
        assert "Beloppet är för stort." in response.content.decode()


class TestDeepJson:
    @pytest.mark.parametrize("depth", [33, 1000, 5000, 100_000])
    def test_on_the_anonymous_token_endpoint_is_refused(self, anonymous, depth):
        body = "[" * depth + "]" * depth

        response = anonymous.post("/api/v1/auth/token/", body, content_type=JSON)

        assert response.status_code == 400
        assert error_of(response)["code"] == "parse_error"

    def test_within_the_limit_is_read(self, anonymous):
        body = json.dumps({"email": "a@example.se", "password": "x", "name": "n"})

        response = anonymous.post("/api/v1/auth/token/", body, content_type=JSON)

        assert response.status_code == 400
        assert error_of(response)["code"] == "invalid"


def distinct_words(count: int) -> str:
    letters = string.ascii_lowercase
    words = ("".join(w) for n in itertools.count(4) for w in itertools.product(letters, repeat=n))
    return " ".join(itertools.islice(words, count))


class TestLongDescriptions:
    def test_are_stored_whole_and_indexed_up_to_a_limit(self, admin, tenant_a):
        # About 1.3 MB of distinct words: more than a tsvector can hold (1 MB).
        description = "snöplogning " + distinct_words(260_000)

        response = admin.post(
            "/api/v1/ideas/",
            json.dumps({"title": "Lång beskrivning", "description": description}),
            content_type=JSON,
        )

        assert response.status_code == 201, response.content[:500]
        with tenant_context(tenant_a):
            idea = Idea.objects.get(pk=response.json()["id"])
            assert idea.description == description
            query = SearchQuery("snöplogning", config="swedish")
            assert Idea.objects.filter(search_vector=query, pk=idea.pk).exists()
