"""Request parsers that refuse what would otherwise become a server error.

JSON nested a few thousand levels deep makes the parser (and every serializer
after it) recurse past Python's limit; a NUL or a lone surrogate in any string
cannot be stored by PostgreSQL. Both are refused here, before a view sees the
data, with the API's one error shape (400).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from shared.core import text

# Deeper than any body the API documents (a few levels) and far from the recursion limit.
MAX_JSON_DEPTH = 32


def check_structure(data: Any) -> None:
    """Raise ParseError for data nested deeper than MAX_JSON_DEPTH or with unstorable text."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if not text.is_storable(value):
                raise ParseError(
                    _("Texten innehåller tecken som inte kan sparas (till exempel NUL).")
                )
        elif isinstance(value, Mapping | list | tuple):
            if depth > MAX_JSON_DEPTH:
                raise ParseError(
                    _("Data är nästlade i för många nivåer (högst %(depth)d).")
                    % {"depth": MAX_JSON_DEPTH}
                )
            if isinstance(value, Mapping):
                pending.extend((key, depth) for key in value)
                pending.extend((item, depth + 1) for item in value.values())
            else:
                pending.extend((item, depth + 1) for item in value)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(
                _("Data är nästlade i för många nivåer (högst %(depth)d).")
                % {"depth": MAX_JSON_DEPTH}
            ) from error
        check_structure(data)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_structure(dict(data.lists()))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        check_structure(dict(parsed.data.lists()))
        return parsed
