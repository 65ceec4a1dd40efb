"""Helpers for pages whose forms hand their input to a service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from shared.core import bounds


def add_service_errors(
    form: Any, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Put a service's ``ValidationError`` next to the form's fields; the rest on the form.

    ``field_names`` maps a service's argument names to the form's field names
    where the two differ (``to_stage`` → ``stage``).
    """
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        name = (field_names or {}).get(field, field)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class BoundedDateField(forms.DateField):
    """A date between bounds.EARLIEST_DATE and bounds.LATEST_DATE: a form error, not a crash."""

    default_validators = [bounds.validate_date]
