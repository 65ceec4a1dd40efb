"""Every answer under /api/ is JSON in the one error shape, in the request's language."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django.utils import translation
from rest_framework import serializers

from shared.accounts import api as accounts_api
from shared.core.api import errors
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def admin(tenant_a, member_of):
    client = Client(HTTP_HOST=host_of(tenant_a), raise_request_exception=False)
    client.force_login(member_of(tenant_a, "admin"))
    return client


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == JSON, response.content[:300]
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


class TestUnknownApiPaths:
    def test_are_a_json_404_on_an_organisations_host(self, admin):
        response = admin.get("/api/v1/no-such-thing/")

        assert response.status_code == 404
        assert error_of(response) == {
            "code": "not_found",
            "message": "Adressen finns inte i API:t.",
        }

    def test_are_a_json_404_on_the_public_site_in_english_when_asked(self, db):
        client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")

        response = client.get("/api/v1/ideas/")

        assert response.status_code == 404
        assert error_of(response)["message"] == "The address does not exist in the API."

    def test_leave_pages_their_html_404(self, admin):
        response = admin.get("/no-such-page/")

        assert response.status_code == 404
        assert "text/html" in response["Content-Type"]


class TestRefusedRequests:
    def test_a_method_the_operation_lacks_is_a_json_405(self, admin):
        response = admin.delete("/api/v1/me/")

        assert response.status_code == 405
        assert error_of(response)["code"] == "method_not_allowed"

    def test_a_body_of_an_unread_type_is_a_json_415(self, admin):
        response = admin.post("/api/v1/ideas/", "<idé/>", content_type="application/xml")

        assert response.status_code == 415
        assert error_of(response)["code"] == "unsupported_media_type"

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_a_body_too_large_is_a_json_413(self, admin):
        body = json.dumps({"title": "Lång", "description": "x" * 5000})

        response = admin.post("/api/v1/ideas/", body, content_type=JSON)

        assert response.status_code == 413
        assert error_of(response)["code"] == "payload_too_large"

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_a_form_too_large_is_a_json_413(self, admin):
        response = admin.post("/api/v1/ideas/", {"title": "Lång", "description": "x" * 5000})

        assert response.status_code == 413
        assert error_of(response)["code"] == "payload_too_large"


class TestServerErrors:
    def test_are_json_in_the_error_shape_in_the_requests_language(self, admin, monkeypatch):
        def broken(self, request):  # type: ignore[no-untyped-def]
            raise RuntimeError("a bug")

        monkeypatch.setattr(accounts_api.MeApi, "get", broken)

        response = admin.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 500
        error = error_of(response)
        assert error["code"] == "server_error"
        assert error["message"].startswith("Something went wrong on our side.")

    def test_on_pages_are_a_page_of_their_own_even_without_a_database(self, rf):
        from shared.core import views

        with translation.override("sv"):
            response = views.server_error(rf.get("/idéer/"))

        assert response.status_code == 500
        assert "Något gick fel" in response.content.decode()


class TestFieldErrors:
    def test_are_plain_sentences_keyed_by_field_path_for_lists_too(self):
        class Item(serializers.Serializer):
            name = serializers.CharField()

        class Body(serializers.Serializer):
            title = serializers.CharField()
            items = Item(many=True)
            tags = serializers.ListField(child=serializers.IntegerField())

        with translation.override("sv"):
            body = Body(data={"items": [{"name": "a"}, {}], "tags": [1, "x"]})
            body.is_valid()
            response = errors.exception_handler(serializers.ValidationError(body.errors), {})

        assert response is not None
        fields = response.data["error"]["fields"]
        assert fields == {
            "title": ["Det här fältet är obligatoriskt."],
            "items[1].name": ["Det här fältet är obligatoriskt."],
            "tags[1]": ["Ett giltigt heltal krävs."],
        }
        assert "ErrorDetail" not in json.dumps(response.data)
