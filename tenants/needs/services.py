"""Writes on the needs bank."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.needs.models import Need


@transaction.atomic
def need_submit(*, title: str, description: str, unit: str = "", by: Any = None) -> Need:
    """Register a need in the needs bank."""
    errors = {}
    if not title.strip():
        errors["title"] = [_("Ange en rubrik.")]
    if not description.strip():
        errors["description"] = [_("Beskriv behovet.")]
    if errors:
        raise ValidationError(errors)
    return Need.objects.create(
        title=title.strip(),
        description=description.strip(),
        unit=unit.strip(),
        created_by=by if getattr(by, "pk", None) else None,
    )
