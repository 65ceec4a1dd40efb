"""drf-spectacular's AutoSchema with the errors every operation can answer.

Kept apart from the schema views: DRF imports this class while the API
modules are still loading.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse

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
