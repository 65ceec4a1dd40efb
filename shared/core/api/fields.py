"""Serializer fields whose input is bounded the same way everywhere (shared/core/bounds.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from shared.core import bounds

# A year in a path, documented with its bounds: OpenApiParameter("year", YEAR_SCHEMA, PATH).
YEAR_SCHEMA = {"type": "integer", "minimum": bounds.EARLIEST_YEAR, "maximum": bounds.LATEST_YEAR}


class BoundedDateField(serializers.DateField):
    """A date between bounds.EARLIEST_DATE and bounds.LATEST_DATE."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(bounds.validate_date)


class YearField(serializers.IntegerField):
    """A calendar year between bounds.EARLIEST_YEAR and bounds.LATEST_YEAR."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", bounds.EARLIEST_YEAR)
        kwargs.setdefault("max_value", bounds.LATEST_YEAR)
        super().__init__(**kwargs)
