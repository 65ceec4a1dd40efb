"""JSON values of the wrong type are refused, not read as text or as a list."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from tenants.ideas.models import Idea
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def staff(tenant_a, member_of):
    client = Client(HTTP_HOST=host_of(tenant_a))
    client.force_login(member_of(tenant_a, "staff"))
    return client


class TestStrictJsonInput:
    @pytest.mark.parametrize("title", [0, 1.5, True, ["Snö"], {"sv": "Snö"}])
    def test_a_title_that_is_not_text_is_refused_and_nothing_stored(self, staff, tenant_a, title):
        body = {"title": title, "description": "Plogning"}

        response = staff.post("/api/v1/ideas/", json.dumps(body), content_type=JSON)

        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["title"]
        with tenant_context(tenant_a):
            assert not Idea.objects.filter(description="Plogning").exists()

    def test_ids_sent_as_an_object_are_refused(self, staff):
        body = {"title": "Snö", "description": "Plogning", "needs": {}}

        response = staff.post("/api/v1/ideas/", json.dumps(body), content_type=JSON)

        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["needs"]

    def test_text_in_a_form_is_read_as_before(self, staff):
        response = staff.post("/api/v1/ideas/", {"title": "0", "description": "Plogning"})

        assert response.status_code == 201


class TestPageSize:
    @pytest.mark.parametrize("size", ["0", "101", "-1", "tio", "1.5"])
    def test_out_of_range_or_not_a_number_is_a_field_error(self, staff, size):
        response = staff.get(f"/api/v1/ideas/?page_size={size}")

        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == ["page_size"]

    @pytest.mark.parametrize("size", ["", "1", "100"])
    def test_within_range_or_left_empty_is_read(self, staff, size):
        response = staff.get(f"/api/v1/ideas/?page_size={size}")

        assert response.status_code == 200
