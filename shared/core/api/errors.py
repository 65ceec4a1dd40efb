"""One JSON shape for every API error.

    {"error": {"code": "permission_denied", "message": "...", "fields": {"title": ["..."]}}}

``fields`` is present for validation errors only, one list of messages per field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        exc = PayloadTooLarge()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    body: dict[str, Any] = {"code": _code_of(exc), "message": _message_of(exc)}
    if isinstance(exc, exceptions.ValidationError):
        body["fields"] = _fields_of(exc.detail)
    response.data = {"error": body}
    return response


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    default_detail = gettext_lazy("Begäran är för stor.")


def is_api_request(request: HttpRequest) -> bool:
    """True for a request under /api/: it is answered in JSON, errors included."""
    return request.path_info.startswith("/api/")


def error_response(*, status_code: int, code: str, message: str) -> JsonResponse:
    """An error in the one JSON shape, for answers given outside DRF's views."""
    return JsonResponse({"error": {"code": code, "message": message}}, status=status_code)


def _django_validation_detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}
    return {"non_field_errors": error.messages}


def _code_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _message_of(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return _("Uppgifterna är inte giltiga; se fälten.")
    detail = exc.detail
    return str(detail) if not isinstance(detail, dict | list) else str(exc.default_detail)


def _fields_of(detail: Any) -> dict[str, list[str]]:
    """Plain sentences keyed by field; a nested field by its path (``participants[0].name``)."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        _flatten(detail, "", fields)
    else:
        _flatten(detail, "non_field_errors", fields)
    return fields


def _flatten(detail: Any, path: str, into: dict[str, list[str]]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                name = f"{path}[{key}]"
            else:
                name = f"{path}.{key}" if path else str(key)
            _flatten(value, name, into)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                # One entry per item of a list; items without errors are empty.
                _flatten(item, f"{path}[{index}]", into)
            else:
                _flatten(item, path, into)
    else:
        into.setdefault(path or "non_field_errors", []).append(str(detail))


ERROR_STATUS_CODES = (
    status.HTTP_400_BAD_REQUEST,
    status.HTTP_401_UNAUTHORIZED,
    status.HTTP_403_FORBIDDEN,
    status.HTTP_404_NOT_FOUND,
)
