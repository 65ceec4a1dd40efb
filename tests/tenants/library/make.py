"""Files and methods for library tests."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.library.models import Method

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def method(**fields: Any) -> Method:
    values: dict[str, Any] = {
        "kind": "method",
        "title": "Tjänstedesign",
        "description": "Att utforma tjänster tillsammans med dem som använder dem.",
        **fields,
    }
    return Method.objects.create(**values)
