"""JSON input read as the schema documents it: text is a string, a list is a list.

DRF's CharField turns a JSON number into text (the number 0 stored as a
title) and its ManyRelatedField reads a JSON object's keys as if they were a
list of ids. Every API field in this project documents a string or an array,
so both are refused with the field's own message, on every serializer at
once: installed from ``CoreConfig.ready``. Form and multipart bodies, and
query strings, are strings already and read as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rest_framework import relations, serializers


def install() -> None:
    """Make CharField and ManyRelatedField refuse JSON values of another type (idempotent)."""
    char_field: Any = serializers.CharField
    many_related_field: Any = relations.ManyRelatedField
    if getattr(char_field, "_idesluss_strict", False):
        return
    char_field.to_internal_value = _text_only(char_field.to_internal_value)
    many_related_field.to_internal_value = _list_only(many_related_field.to_internal_value)
    char_field._idesluss_strict = True


def _text_only(read: Callable[..., Any]) -> Callable[..., Any]:
    def to_internal_value(self: Any, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return read(self, data)

    return to_internal_value


def _list_only(read: Callable[..., Any]) -> Callable[..., Any]:
    def to_internal_value(self: Any, data: Any) -> Any:
        if isinstance(data, Mapping):
            self.fail("not_a_list", input_type=type(data).__name__)
        return read(self, data)

    return to_internal_value
