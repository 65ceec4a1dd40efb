"""drf-spectacular's AutoSchema with the errors every operation can answer.

Kept apart from the schema views: DRF imports this class while the API
modules are still loading.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from shared.core.api.serializers import ErrorSerializer

# Errors any operation may answer, whatever its view declares.
COMMON_ERRORS = {
    400: "The request cannot be read: bad query, body or characters.",
    403: "Not allowed here: no capability, another organisation, or a read-only organisation.",
    404: "No such object, or no such page of a list.",
    406: "No representation matches the Accept header (the API answers JSON).",
}
AUTHENTICATED_ERRORS = {401: "No valid credentials (a token or a session)."}
BODY_ERRORS = {
    413: "The body is larger than the API accepts.",
    415: "The body's content type is not one the operation reads.",
}
THROTTLED_ERRORS = {429: "Too many attempts; try again later (see Retry-After)."}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with the errors every operation can answer."""

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        # A deliberately public endpoint (PublicEndpoint with its public_reason) is
        # open without credentials, whatever authentication it also reads.
        if getattr(self.view, "public_reason", None) and {} not in auths:
            auths.append({})
        return auths

    def map_parsers(self) -> list[str]:
        media_types = super().map_parsers()
        # Bodies are documented as JSON, the API's language; form encodings stay accepted
        # (browsers, tests) but are documented only where files are uploaded.
        if "application/json" in media_types and not self._uploads_files():
            return ["application/json"]
        return media_types

    def _uploads_files(self) -> bool:
        serializer = force_instance(self.get_request_serializer())
        if not isinstance(serializer, serializers.Serializer):
            return False
        return any(
            isinstance(field, serializers.FileField)
            or isinstance(getattr(field, "child", None), serializers.FileField)
            for field in serializer.fields.values()
        )

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            # An optional query parameter sent empty (?state=) counts as left out, as DRF reads it.
            if parameter.get("in") == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and not field.allow_blank
            and schema.get("type") == "string"
            and "enum" not in schema
        ):
            # Required text is not blank: DRF trims it and refuses what is left empty.
            schema.setdefault("minLength", 1)
            schema.setdefault("pattern", r"\S")
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in self._error_codes().items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=description), str(code)
                )
        return responses

    def _error_codes(self) -> dict[int, str]:
        codes = dict(COMMON_ERRORS)
        if self.view.get_authenticators():
            codes.update(AUTHENTICATED_ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            codes.update(BODY_ERRORS)
        if self.view.get_throttles():
            codes.update(THROTTLED_ERRORS)
        return codes
